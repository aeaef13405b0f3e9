import { describe, expect, it } from "vitest";
import { memberRows, membersFromRows, sameMembers } from "$lib/console/members-form";

describe("members editor", () => {
  it("lists emails before domains, each alphabetically", () => {
    expect(memberRows({ "*@example.com": "viewer", "zoe@example.com": "viewer", "ada@example.com": "operator" })).toEqual([
      { key: "ada@example.com", role: "operator" },
      { key: "zoe@example.com", role: "viewer" },
      { key: "*@example.com", role: "viewer" },
    ]);
    expect(memberRows(undefined)).toEqual([]);
  });

  it("makes the map from the lines, dropping blank ones and lower-casing keys as the server does", () => {
    expect(
      membersFromRows([
        { key: " Ada@Example.com ", role: "operator" },
        { key: "", role: "viewer" },
      ]),
    ).toEqual({
      ok: true,
      members: { "ada@example.com": "operator" },
    });
  });

  it("refuses a person listed twice instead of letting one line win silently", () => {
    expect(
      membersFromRows([
        { key: "ada@example.com", role: "operator" },
        { key: "ADA@example.com", role: "viewer" },
      ]),
    ).toEqual({
      ok: false,
      errors: { "members.ada@example.com": ["is listed twice"] },
    });
  });

  it("compares maps by who has which role, not by order", () => {
    expect(sameMembers({ a: "viewer", b: "operator" }, { b: "operator", a: "viewer" })).toBe(true);
    expect(sameMembers({ a: "viewer" }, { a: "operator" })).toBe(false);
    expect(sameMembers({ a: "viewer" }, { a: "viewer", b: "viewer" })).toBe(false);
  });
});
