import type { MemberRole, Members } from "../contract";

/**
 * The role a hackathon's `members` map gives `email` (lower-cased): its own entry if it has one,
 * else its domain's `*@domain` entry, else none (docs/contract.md section 2).
 */
export function memberRole(members: Members | undefined, email: string): MemberRole | null {
  if (!members) return null;
  const own = (key: string) => (Object.hasOwn(members, key) ? (members[key] ?? null) : null);
  const at = email.lastIndexOf("@");
  return own(email) ?? (at > 0 ? own(`*${email.slice(at)}`) : null);
}
