import { z } from "zod";

/** The roles a hackathon's `members` map gives (docs/contract.md section 2); admins come from ACCESS_ADMIN_EMAILS. */
export const MEMBER_ROLES = ["viewer", "operator"] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

/** How many entries one hackathon's `members` map may hold. */
export const MAX_MEMBERS = 200;

/** `*@example.com`: everyone whose email is at that domain (not its subdomains). */
export const DOMAIN_WILDCARD = /^\*@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

const EmailSchema = z.email();
const MemberKeySchema = z
  .string()
  .max(254)
  .refine((key) => DOMAIN_WILDCARD.test(key) || EmailSchema.safeParse(key).success, "must be an email or *@domain");

/**
 * Who may sign in to a hackathon through Cloudflare Access, and as what: `{ "<email>" | "*@<domain>": role }`.
 * Keys are lower-cased on the way in (emails compare case-insensitively); an exact email wins over its domain.
 */
export const MembersSchema = z
  .record(MemberKeySchema, z.enum(MEMBER_ROLES))
  .refine((members) => Object.keys(members).length <= MAX_MEMBERS, `at most ${MAX_MEMBERS} entries`)
  // "A@x.com" and "a@x.com" are one person: two roles for them would be settled by key order.
  .superRefine((members, ctx) => {
    const seen = new Set<string>();
    for (const key of Object.keys(members)) {
      const folded = key.toLowerCase();
      if (seen.has(folded))
        ctx.addIssue({ code: "custom", path: [key], message: `${folded} is listed twice (emails compare case-insensitively)` });
      seen.add(folded);
    }
  })
  .transform((members) => Object.fromEntries(Object.entries(members).map(([key, role]) => [key.toLowerCase(), role])))
  .describe('`{ "<email>" | "*@<domain>": "viewer" | "operator" }`; an exact email wins over its domain; returned to admins only');
export type Members = z.infer<typeof MembersSchema>;
