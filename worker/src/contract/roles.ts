/** Every role a caller can have (docs/contract.md section 2), least to most, with `ingest` apart: it only sends data. */
export const ROLES = ["ingest", "viewer", "operator", "admin"] as const;
export type Role = (typeof ROLES)[number];

/** A role's place in `ROLES`; no role at all ranks below every one. */
export const roleRank = (role: Role | null): number => (role === null ? -1 : ROLES.indexOf(role));

/**
 * Whether `role` has at least the rights of `least`. An ingest token reads nothing, so it ranks
 * below every reading role; no role (null) is below them all.
 */
export const roleAtLeast = (role: Role | null, least: Role): boolean => roleRank(role) >= roleRank(least);
