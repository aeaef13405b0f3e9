import { describe, expect, it } from "vitest";
import { ROLES, roleAtLeast, roleRank } from "../../../worker/src/contract";

describe("roles", () => {
  it("ranks ingest below viewer below operator below admin, and no role below them all", () => {
    expect(roleAtLeast("operator", "viewer")).toBe(true);
    expect(roleAtLeast("viewer", "operator")).toBe(false);
    expect(roleAtLeast("ingest", "viewer")).toBe(false);
    expect(roleAtLeast(null, "ingest")).toBe(false);
    expect(roleAtLeast("admin", "admin")).toBe(true);
    expect([null, ...ROLES].sort((a, b) => roleRank(b) - roleRank(a))).toEqual(["admin", "operator", "viewer", "ingest", null]);
  });
});
