import type { HackathonCreate, HackathonUpdate } from "../contract";
import { validationFailed, zodIssues } from "../errors";
import type { issueCredentials } from "./credentials";
import { mergeUpdate, type RoomRecord } from "./room-record";

type Issued = Awaited<ReturnType<typeof issueCredentials>>;

/**
 * The record each config save stores (create, update, archive, rotate). Pure: the object
 * persists it and commits what follows (RoomPipeline.saveConfig, room-pipeline.ts).
 */
export function createdRecord(input: HackathonCreate, credentials: Issued, now: number): RoomRecord {
  return { config: input, ...credentials.hashes, webhookSecret: credentials.webhookSecret, createdAt: now, updatedAt: now };
}

/** Throws validation_failed when the merged config would not be a valid one. */
export function updatedRecord(record: RoomRecord, input: HackathonUpdate, now: number): RoomRecord {
  const merged = mergeUpdate(record.config, input);
  if (!merged.ok) throw validationFailed(zodIssues(merged.error));
  return { ...record, config: merged.config, updatedAt: now };
}

export function archivedRecord(record: RoomRecord, now: number): RoomRecord {
  return { ...record, config: { ...record.config, status: "archived" }, updatedAt: now };
}

/** New tokens and webhook secret; the old ones stop working once this is saved. */
export function rotatedRecord(record: RoomRecord, credentials: Issued, now: number): RoomRecord {
  return { ...record, ...credentials.hashes, webhookSecret: credentials.webhookSecret, updatedAt: now };
}
