import { describe, expect, it } from "vitest";
import { memberRole } from "../../../worker/src/lib/members";

describe("memberRole", () => {
  const members = { "ada@example.com": "operator", "*@example.com": "viewer", "grace@navy.mil": "viewer" } as const;

  it("gives an exact email its own role, over its domain's", () => {
    expect(memberRole(members, "ada@example.com")).toBe("operator");
    expect(memberRole({ "*@example.com": "operator", "bob@example.com": "viewer" }, "bob@example.com")).toBe("viewer");
  });

  it("gives everyone else at a wildcard domain that domain's role", () => {
    expect(memberRole(members, "linus@example.com")).toBe("viewer");
  });

  it("gives no role to other domains, subdomains or look-alikes", () => {
    expect(memberRole(members, "eve@evil.com")).toBeNull();
    expect(memberRole(members, "eve@mail.example.com")).toBeNull();
    expect(memberRole(members, "eve@example.com.evil.com")).toBeNull();
    expect(memberRole(members, "grace@navy.mil.evil.com")).toBeNull();
    expect(memberRole(undefined, "ada@example.com")).toBeNull();
    expect(memberRole({}, "ada@example.com")).toBeNull();
  });

  it("never reads inherited properties as roles", () => {
    expect(memberRole(members, "constructor")).toBeNull();
    expect(memberRole(members, "__proto__")).toBeNull();
  });
});
