import { describe, expect, it } from "vitest";
import { consoleAbilities } from "$lib/console/abilities";

describe("consoleAbilities", () => {
  it("offers configuration to the admin, silences and the audit log to operators, exports to every reader", () => {
    expect(consoleAbilities("admin")).toEqual({ administer: true, operate: true, read: true });
    expect(consoleAbilities("operator")).toEqual({ administer: false, operate: true, read: true });
    expect(consoleAbilities("viewer")).toEqual({ administer: false, operate: false, read: true });
    expect(consoleAbilities("ingest")).toEqual({ administer: false, operate: false, read: false });
    expect(consoleAbilities(null)).toEqual({ administer: false, operate: false, read: false });
  });
});
