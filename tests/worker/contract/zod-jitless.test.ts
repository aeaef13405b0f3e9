import { describe, expect, it } from "vitest";
import { z } from "zod";
import "../../../worker/src/index";

describe("zod in the Worker", () => {
  it("is jitless once the Worker's entry is loaded: workerd forbids code generation, so zod never probes for it", () => {
    expect(z.config().jitless).toBe(true);
  });
});
