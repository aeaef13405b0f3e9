import { digestsEqual, generateToken, generateWebhookSecret, sha256Hex } from "../lib/crypto";
import type { HackathonCredentials, Role, WebhookUrlsSchema } from "../contract";
import { notFound, unauthorized } from "../errors";
import { gcpPushToken } from "../integrations/google/push-token";
import type { z } from "zod";
import { toAdminHackathon, type RoomRecord } from "./room-record";

export const TICKET_TTL_MS = 60_000;

/** The roles a hackathon's own tokens carry (the admin token is the Worker's, not the room's). */
export type TokenRole = Exclude<Role, "admin">;
/** The roles that may hold a live-channel ticket or an SSE stream: everyone who reads. */
export type ReaderRole = Exclude<Role, "ingest">;

/** What each role is recorded as when it changes something (section 12's `by`). */
export const BY_TOKEN: Readonly<Record<Role, string>> = {
  admin: "admin token",
  operator: "operator token",
  viewer: "viewer token",
  ingest: "ingest token",
};

/**
 * Who holds a live socket or an SSE stream: its role, and whether a person (signed in through
 * Access) opened it; a person's also carries their email, which a change of `members` is checked
 * against, and `endsAt`, their Access token's expiry, past which it is closed (member-sessions.ts).
 */
export type Session = { role: ReaderRole; person?: boolean; email?: string; endsAt?: number };

/** Sessions (sockets, streams) opened with a hackathon's own tokens end when they are rotated; the admin's and people's stay. */
export const endsAtRotation = (session: Session): boolean => !session.person && session.role !== "admin";

/** The hashes a RoomRecord keeps; a token itself is shown once and never stored. */
export type TokenHashes = { viewerTokenHash: string; operatorTokenHash: string; ingestTokenHash: string };
/** A record from before operator and ingest tokens has only the viewer hash. */
type StoredHashes = Partial<TokenHashes> & { viewerTokenHash: string };

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
 */
export async function roleOfToken(token: string, hashes: StoredHashes): Promise<TokenRole | null> {
  return roleOfDigest(await sha256Hex(token), hashes);
}

/** roleOfToken for a token already hashed: synchronous, so a check and what it guards can share one turn. */
function roleOfDigest(digest: string, hashes: StoredHashes): TokenRole | null {
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

/**
 * What the Worker checked before the object opens something for a reader (a live-channel ticket,
 * an SSE stream): the session, and the token it was checked from when that is one of the
 * hackathon's own (null for the admin token and for people, whose sessions survive rotation).
 */
export type ReaderGrant = { session: Session; token: string | null };

/**
 * The object's own check of a grant: a rotation may finish between the Worker's check of a token
 * and the object's work, and what the old token opens then would outlive the rotation. Hashes
 * first, then returns a synchronous check against the record as it is when called: call it with
 * no await between it and what it guards. A token no longer held is refused as the Worker would
 * refuse it now, with the 404 of a credential this hackathon does not know (section 5).
 */
export async function grantCheck(grant: ReaderGrant): Promise<(record: RoomRecord) => void> {
  if (!endsAtRotation(grant.session)) return () => {};
  const digest = grant.token === null ? null : await sha256Hex(grant.token);
  return (record) => {
    if (digest === null || roleOfDigest(digest, record) !== grant.session.role) throw notFound("No such hackathon");
  };
}

/**
 * Single-use live-channel tickets, stored hashed with a short expiry. `admit` runs right before
 * the ticket is stored, with no await between (a grant's check, say), and may refuse it.
 */
export async function issueTicket(sql: SqlStorage, session: Session, now: number, admit: () => void = () => {}) {
  const ticket = generateToken("pwt");
  const hash = await sha256Hex(ticket);
  // A person's ticket lives no longer than their Access token.
  const expiresAt = Math.min(now + TICKET_TTL_MS, session.endsAt ?? Number.POSITIVE_INFINITY);
  admit();
  sql.exec("DELETE FROM tickets WHERE expires_at <= ?", now);
  sql.exec(
    "INSERT INTO tickets (hash, role, expires_at, person, email, ends_at) VALUES (?, ?, ?, ?, ?, ?)",
    hash,
    session.role,
    expiresAt,
    session.person ? 1 : 0,
    session.email ?? null,
    session.endsAt ?? null,
  );
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
): Promise<Session | null> {
  const hash = await sha256Hex(ticket);
  const row = sql
    .exec<{ role: ReaderRole; person: number; email: string | null; ends_at: number | null }>(
      "SELECT role, person, email, ends_at FROM tickets WHERE hash = ? AND expires_at > ?",
      hash,
      now,
    )
    .toArray()[0];
  if (!row) return null;
  admit(row.role);
  sql.exec("DELETE FROM tickets WHERE hash = ?", hash);
  if (row.person !== 1) return { role: row.role };
  return { role: row.role, person: true, email: row.email ?? undefined, endsAt: row.ends_at ?? undefined };
}

/**
 * How the Worker tells the object who opened a stream it forwards (the grant): set after auth on
 * a copy of the request, overwriting whatever a client sent, so it cannot be forged.
 */
const ROLE_HEADER = "x-pitwall-role";
const PERSON_HEADER = "x-pitwall-person";
const TOKEN_HEADER = "x-pitwall-token";
const EMAIL_HEADER = "x-pitwall-email";
const ENDS_AT_HEADER = "x-pitwall-ends-at";

export function withReaderGrant(request: Request, { session, token }: ReaderGrant): Request {
  const headers = new Headers(request.headers);
  headers.set(ROLE_HEADER, session.role);
  for (const name of [PERSON_HEADER, EMAIL_HEADER, ENDS_AT_HEADER]) headers.delete(name);
  if (session.person) headers.set(PERSON_HEADER, "1");
  if (session.email !== undefined) headers.set(EMAIL_HEADER, session.email);
  if (session.endsAt !== undefined) headers.set(ENDS_AT_HEADER, String(session.endsAt));
  if (token !== null) headers.set(TOKEN_HEADER, token);
  else headers.delete(TOKEN_HEADER);
  return new Request(request, { headers });
}

/** The grant the Worker set; anything else counts as a viewer's token, whose stream ends at rotation. */
export function readerGrantHeader(headers: Headers): ReaderGrant {
  const value = headers.get(ROLE_HEADER);
  const role = value === "admin" || value === "operator" ? value : "viewer";
  const token = headers.get(TOKEN_HEADER);
  if (headers.get(PERSON_HEADER) !== "1") return { session: { role }, token };
  const endsAt = Number(headers.get(ENDS_AT_HEADER));
  const session: Session = {
    role,
    person: true,
    email: headers.get(EMAIL_HEADER) ?? undefined,
    endsAt: Number.isFinite(endsAt) && endsAt > 0 ? endsAt : undefined,
  };
  return { session, token };
}

/** Tickets of the hackathon's own tokens die with them at rotation; the admin's and people's stay. */
export function dropTokenTickets(sql: SqlStorage): void {
  sql.exec("DELETE FROM tickets WHERE role != 'admin' AND person = 0");
}

/** What create and rotate answer (to an admin): the only time the tokens and the secret are shown. */
export async function credentialsFor(record: RoomRecord, tokens: IssuedTokens, origin: string): Promise<HackathonCredentials> {
  return {
    hackathon: toAdminHackathon(record),
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
  const session = ticket ? await consumeTicket(sql, ticket, now, admit) : null;
  if (!session) throw ticketRefused();
  const sinceParam = url.searchParams.get("since");
  const since = sinceParam !== null && /^\d+$/.test(sinceParam) ? Number(sinceParam) : null;
  return { session, since };
}
