import { digestsEqual, generateToken, generateWebhookSecret, hmacSha256Hex, sha256Hex } from "../lib/crypto";
import type { HackathonCredentials, WebhookUrlsSchema } from "../contract";
import { unauthorized } from "../errors";
import type { z } from "zod";
import { toPublicHackathon, type RoomRecord } from "./room-record";

export const TICKET_TTL_MS = 60_000;
export type Role = "admin" | "viewer";

export async function issueCredentials() {
  const viewerToken = generateToken("pwv");
  return { viewerToken, viewerTokenHash: await sha256Hex(viewerToken), webhookSecret: generateWebhookSecret() };
}

export async function viewerTokenMatches(token: string, storedHash: string): Promise<boolean> {
  return digestsEqual(await sha256Hex(token), storedHash);
}

/** The `?token=` a Pub/Sub push subscription carries: derived, so rotating the secret rotates it. */
export function gcpPushToken(webhookSecret: string): Promise<string> {
  return hmacSha256Hex(webhookSecret, "pitwall:gcp-billing");
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
export async function issueTicket(sql: SqlStorage, role: Role, now: number) {
  sql.exec("DELETE FROM tickets WHERE expires_at <= ?", now);
  const ticket = generateToken("pwt");
  const expiresAt = now + TICKET_TTL_MS;
  sql.exec("INSERT INTO tickets (hash, role, expires_at) VALUES (?, ?, ?)", await sha256Hex(ticket), role, expiresAt);
  return { ticket, expiresAt };
}

export async function consumeTicket(sql: SqlStorage, ticket: string, now: number): Promise<Role | null> {
  const hash = await sha256Hex(ticket);
  const row = sql
    .exec<{ role: Role }>("DELETE FROM tickets WHERE hash = ? AND expires_at > ? RETURNING role", hash, now)
    .toArray()[0];
  return row?.role ?? null;
}

/** What create and rotate answer: the only time the viewer token and secret are shown. */
export async function credentialsFor(record: RoomRecord, viewerToken: string, origin: string): Promise<HackathonCredentials> {
  return {
    hackathon: toPublicHackathon(record),
    viewer_token: viewerToken,
    webhook_secret: record.webhookSecret,
    webhook_urls: await webhookUrls(origin, record.config.id, record.webhookSecret),
  };
}

/** A live-channel upgrade spends its ticket; `since` asks for the deltas after that seq. */
export async function authorizeUpgrade(sql: SqlStorage, url: URL, now: number) {
  const ticket = url.searchParams.get("ticket");
  const role = ticket ? await consumeTicket(sql, ticket, now) : null;
  if (!role) throw unauthorized("A valid, unused ticket is required (POST /api/hackathons/:id/ticket)");
  const sinceParam = url.searchParams.get("since");
  const since = sinceParam !== null && /^\d+$/.test(sinceParam) ? Number(sinceParam) : null;
  return { role, since };
}
