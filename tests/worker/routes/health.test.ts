import { describe, expect, it } from "vitest";
import { apiJson } from "../../helpers/api";

describe("GET /healthz", () => {
  it("answers ok with the version, without credentials", async () => {
    const { status, body } = await apiJson<{ ok: boolean; version: string }>("/healthz", { token: null });
    expect(status).toBe(200);
    expect(body).toEqual({ ok: true, version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
  });
});
