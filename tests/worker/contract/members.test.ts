import { describe, expect, it } from "vitest";
import { MAX_MEMBERS, MembersSchema } from "../../../worker/src/contract";

describe("MembersSchema", () => {
  it("takes emails and *@domain entries, lower-cased", () => {
    expect(MembersSchema.parse({ "Ada@Example.COM": "operator", "*@Example.com": "viewer" })).toEqual({
      "ada@example.com": "operator",
      "*@example.com": "viewer",
    });
  });

  it("refuses keys that are neither an email nor *@domain, and unknown roles, naming each path", () => {
    const result = MembersSchema.safeParse({ "not an email": "viewer", "*@": "viewer", "*.example.com": "viewer", "a@b.co": "admin" });
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((issue) => issue.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["not an email", "*@", "*.example.com", "a@b.co"]));
  });

  it("refuses one email listed twice in different cases, naming the second key", () => {
    const result = MembersSchema.safeParse({ "A@x.com": "operator", "a@x.com": "viewer" });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path)).toEqual([["a@x.com"]]);
  });

  it(`holds at most ${MAX_MEMBERS} entries`, () => {
    const entries = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`p${i}@example.com`, "viewer"]));
    expect(MembersSchema.safeParse(entries(MAX_MEMBERS)).success).toBe(true);
    expect(MembersSchema.safeParse(entries(MAX_MEMBERS + 1)).success).toBe(false);
  });
});
