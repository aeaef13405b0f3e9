import { MEMBER_ROLES, type MemberRole } from "$contract";

/** One line of the members editor: an email or `*@domain`, and the role it gives. */
export interface MemberRow {
  key: string;
  role: MemberRole;
}

export { MEMBER_ROLES };

/** The stored map as editor lines, emails before domains, each group alphabetical. */
export function memberRows(members: Readonly<Record<string, MemberRole>> | undefined): MemberRow[] {
  const rows = Object.entries(members ?? {}).map(([key, role]) => ({ key, role }));
  const domainLast = (row: MemberRow) => (row.key.startsWith("*@") ? 1 : 0);
  return rows.sort((a, b) => domainLast(a) - domainLast(b) || a.key.localeCompare(b.key));
}

export type MembersCheck = { ok: true; members: Record<string, MemberRole> } | { ok: false; errors: Record<string, string[]> };

/**
 * The map the lines make: blank lines are dropped, keys compare case-insensitively (as the server
 * lower-cases them), and a key listed twice is refused rather than one line silently winning.
 */
export function membersFromRows(rows: readonly MemberRow[]): MembersCheck {
  const members: Record<string, MemberRole> = {};
  const errors: Record<string, string[]> = {};
  for (const row of rows) {
    const key = row.key.trim().toLowerCase();
    if (key === "") continue;
    if (key in members) errors[`members.${key}`] = ["is listed twice"];
    members[key] = row.role;
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, members };
}

/** Whether two maps give the same people the same roles (key order does not matter). */
export function sameMembers(a: Readonly<Record<string, MemberRole>>, b: Readonly<Record<string, MemberRole>>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => b[key] === a[key]);
}
