import { digestsEqual, generateToken, generateWebhookSecret, sha256Hex } from "../lib/crypto";
import type { HackathonCredentials, ROLES, WebhookUrlsSchema } from "../contract";
import { unauthorized } from "../errors";
import { gcpPushToken } from "../integrations/google/push-token";
import type { z } from "zod";
import { toPublicHackathon, type RoomRecord } from "./room-record";

export const TICKET_TTL_MS = 60_000;

/**
 * Who a credential speaks for (docs/contract.md section 2). `ingest` only sends data: it stands
 * apart from the read/write ladder and ranks below every reading role.
 */
export type Role = (typeof ROLES)[number];
/** The roles a hackathon's own tokens carry (the admin token is the Worker's, not the room's). */
export type TokenRole = Exclude<Role, "admin">;
/** The roles that may hold a live-channel ticket or an SSE stream: everyone who reads. */
export type ReaderRole = Exclude<Role, "ingest">;

export const ROLE_RANK: Readonly<Record<Role, number>> = { ingest: 0, viewer: 1, operator: 2, admin: 3 };
export const roleAtLeast = (role: Role, min: Role): boolean => ROLE_RANK[role] >= ROLE_RANK[min];

/** What each role is recorded as when it changes something (section 12's `by`). */
export const BY_TOKEN: Readonly<Record<Role, string>> = {
  admin: "admin token",
  operator: "operator token",
  viewer: "viewer token",
  ingest: "ingest token",
};

/** Sessions (sockets, streams) opened with a hackathon's own tokens end when they are rotated; the admin's stay. */
export const endsAtRotation = (role: Role): boolean => role !== "admin";

/** The hashes a RoomRecord keeps; a token itself is shown once and never stored. */
export type TokenHashes = { viewerTokenHash: string; operatorTokenHash: string; ingestTokenHash: string };

export async function issueCredentials() {
  const tokens = { viewer: generateToken("pwv"), operator: generateToken("pwo"), ingest: generateToken("pwi") };
  const hashes: TokenHashes = {
    viewerTokenHash: await sha256Hex(tokens.viewer),
    operatorTokenHash: await sha256Hex(tokens.operator),
    ingestTokenHash: await sha256Hex(tokens.ingest),
  };
  return { tokens, hashes, webhookSecret: generateWebhookSecret() };
}

export type IssuedTokens = Awaited<ReturnType<typeof issueCredentials>>["tokens"];

/**
 * The role `token` has on a hackathon whose record holds `hashes`, or null. Every stored hash
 * is compared (in constant time), so the answer's timing says nothing about which one matched.
 * A record from before operator and ingest tokens has only the viewer hash.
 */
export async function roleOfToken(token: string, hashes: Partial<TokenHashes> & { viewerTokenHash: string }): Promise<TokenRole | null> {
  const digest = await sha256Hex(token);
  const candidates: Array<[TokenRole, string | undefined]> = [
    ["viewer", hashes.viewerTokenHash],
    ["operator", hashes.operatorTokenHash],
    ["ingest", hashes.ingestTokenHash],
  ];
  let found: TokenRole | null = null;
  for (const [role, hash] of candidates) if (hash !== undefined && digestsEqual(digest, hash)) found = role;
  return found;
}

export async function webhookUrls(origin: string, id: string, webhookSecret: string): Promise<z.infer<typeof WebhookUrlsSchema>> {
  const base = `${origin}/webhooks/${id}`;
  return {
    events: `${base}/events`,
    github: `${base}/github`,
    gcp_billing: `${base}/gcp-billing?token=${await gcpPushToken(webhookSecret)}`,
  };
}

/** Single-use live-channel tickets, stored hashed with a short expiry. */
export async function issueTicket(sql: SqlStorage, role: ReaderRole, now: number) {
  sql.exec("DELETE FROM tickets WHERE expires_at <= ?", now);
  const ticket = generateToken("pwt");
  const expiresAt = now + TICKET_TTL_MS;
  sql.exec("INSERT INTO tickets (hash, role, expires_at) VALUES (?, ?, ?)", await sha256Hex(ticket), role, expiresAt);
  return { ticket, expiresAt };
}

/**
 * Spends a ticket if `admit` lets its role in; a refusal (say, the address's socket cap) leaves
 * it unspent, so the client can retry with it. No await between the read and the delete.
 */
export async function consumeTicket(
  sql: SqlStorage,
  ticket: string,
  now: number,
  admit: (role: ReaderRole) => void,
): Promise<ReaderRole | null> {
  const hash = await sha256Hex(ticket);
  const row = sql.exec<{ role: ReaderRole }>("SELECT role FROM tickets WHERE hash = ? AND expires_at > ?", hash, now).toArray()[0];
  if (!row) return null;
  admit(row.role);
  sql.exec("DELETE FROM tickets WHERE hash = ?", hash);
  return row.role;
}

/**
 * How the Worker tells the object which role opened a stream it forwards: set after auth on a
 * copy of the request, overwriting whatever a client sent, so it cannot be forged.
 */
const ROLE_HEADER = "x-pitwall-role";

export function withReaderRole(request: Request, role: ReaderRole): Request {
  const headers = new Headers(request.headers);
  headers.set(ROLE_HEADER, role);
  return new Request(request, { headers });
}

/** The role the Worker set; anything else counts as a viewer, whose stream ends at rotation. */
export function readerRoleHeader(headers: Headers): ReaderRole {
  const value = headers.get(ROLE_HEADER);
  return value === "admin" || value === "operator" ? value : "viewer";
}

/** Tickets of the hackathon's own tokens die with them at rotation; admin tickets stay. */
export function dropTokenTickets(sql: SqlStorage): void {
  sql.exec("DELETE FROM tickets WHERE role != 'admin'");
}

/** What create and rotate answer: the only time the tokens and the secret are shown. */
export async function credentialsFor(record: RoomRecord, tokens: IssuedTokens, origin: string): Promise<HackathonCredentials> {
  return {
    hackathon: toPublicHackathon(record),
    viewer_token: tokens.viewer,
    operator_token: tokens.operator,
    ingest_token: tokens.ingest,
    webhook_secret: record.webhookSecret,
    webhook_urls: await webhookUrls(origin, record.config.id, record.webhookSecret),
  };
}

/** The one refusal of a live-channel upgrade: a bad ticket and an unknown hackathon get the same answer. */
export const ticketRefused = () => unauthorized("A valid, unused ticket is required (POST /api/hackathons/:id/ticket)");

/** A live-channel upgrade spends its ticket; `since` asks for the deltas after that seq. */
export async function authorizeUpgrade(sql: SqlStorage, url: URL, now: number, admit: (role: ReaderRole) => void = () => {}) {
  const ticket = url.searchParams.get("ticket");
  const role = ticket ? await consumeTicket(sql, ticket, now, admit) : null;
  if (!role) throw ticketRefused();
  const sinceParam = url.searchParams.get("since");
  const since = sinceParam !== null && /^\d+$/.test(sinceParam) ? Number(sinceParam) : null;
  return { role, since };
}
