import {
  HackathonCreateSchema,
  POLL_SECRET_FIELDS,
  type Hackathon,
  type HackathonCreate,
  type HackathonUpdate,
  type Integrations,
  type IntegrationsPatch,
  type PollConfig,
  type PollRead,
  type PollSecretField,
  type SourceName,
} from "../contract";
import { toIso } from "../lib/time";
import { originOf } from "../outbound/url-policy";
import { readMeta, writeMeta } from "./storage/meta";

type HackathonStatus = Hackathon["status"];

/** Everything the object knows about its hackathon, credentials included. Never leaves the object whole. */
export type RoomRecord = {
  config: Omit<HackathonCreate, "status"> & { status: HackathonStatus };
  viewerTokenHash: string;
  /** Absent in records from before roles: such a hackathon has no operator or ingest token until rotated. */
  operatorTokenHash?: string;
  ingestTokenHash?: string;
  webhookSecret: string;
  createdAt: number;
  updatedAt: number;
};

const RECORD_KEY = "record";

export const loadRecord = (sql: SqlStorage) => readMeta<RoomRecord>(sql, RECORD_KEY);
export const saveRecord = (sql: SqlStorage, record: RoomRecord) => writeMeta(sql, RECORD_KEY, record);

/**
 * A poll as reads show it: credentials named in `credentials_set`, never shown; URLs cut to
 * their origin, since a path or query (`?api_key=`) may carry a key.
 */
function redactPoll(poll: PollConfig | null): PollRead | null {
  if (!poll) return null;
  const visible: Record<string, unknown> = { ...poll };
  const credentialsSet: PollSecretField[] = [];
  for (const field of POLL_SECRET_FIELDS) {
    if (visible[field] !== undefined) credentialsSet.push(field);
    delete visible[field];
  }
  for (const field of ["url", "api_base_url"]) {
    if (typeof visible[field] === "string") visible[field] = originOf(visible[field]);
  }
  return { ...visible, kind: poll.kind, credentials_set: credentialsSet };
}

/** Where a poll's credentials go: its URL's origin, or "default" for the provider's own API. */
function pollOrigin(poll: PollConfig): string {
  if (poll.kind === "json") return originOf(poll.url);
  return poll.api_base_url ? originOf(poll.api_base_url) : "default";
}

/** The hackathon as the API returns it: write-only credentials removed. */
export function toPublicHackathon(record: RoomRecord): Hackathon {
  const { config } = record;
  const sources = Object.fromEntries(
    Object.entries(config.sources).map(([name, source]) => [name, { ...source, poll: redactPoll(source.poll) }]),
  ) as Hackathon["sources"];
  return {
    id: config.id,
    name: config.name,
    status: config.status,
    budget: config.budget,
    starts_at: toIso(Date.parse(config.starts_at)),
    ends_at: config.ends_at ? toIso(Date.parse(config.ends_at)) : null,
    public: config.public,
    thresholds: config.thresholds,
    sources,
    integrations: config.integrations ?? {},
    created_at: toIso(record.createdAt),
    updated_at: toIso(record.updatedAt),
  };
}

/** The hackathon as an admin reads it: also who may sign in (`members`), which no one else sees. */
export function toAdminHackathon(record: RoomRecord): Hackathon {
  return { ...toPublicHackathon(record), members: record.config.members ?? {} };
}

/**
 * A poll update without its credentials keeps the stored ones, so clients can edit other
 * fields; but only while they would go to the same place: a new kind or a new URL origin
 * (a custom api_base_url instead of the default included) drops every stored credential,
 * or a PATCH of the URL alone would send the stored key to whoever answers there.
 */
function keepCredentials(next: PollConfig | null, previous: PollConfig | null): PollConfig | null {
  if (!next || !previous || next.kind !== previous.kind) return next;
  if (pollOrigin(next) !== pollOrigin(previous)) return next;
  const merged: Record<string, unknown> = { ...next };
  for (const field of POLL_SECRET_FIELDS) {
    if (merged[field] === undefined && field in previous) merged[field] = (previous as Record<string, unknown>)[field];
  }
  return merged as PollConfig;
}

/** Merges an integrations PATCH field by field; null removes a field, or a whole integration. */
function mergeIntegrations(current: Integrations | undefined, patch: IntegrationsPatch | undefined): Integrations | undefined {
  if (!patch) return current;
  const merged: Integrations = { ...current };
  if (patch.gcp_billing === null) delete merged.gcp_billing;
  else if (patch.gcp_billing) {
    const fields: Record<string, unknown> = { ...merged.gcp_billing, ...patch.gcp_billing };
    for (const [key, value] of Object.entries(fields)) if (value === null) delete fields[key];
    merged.gcp_billing = fields;
  }
  return merged;
}

/** Applies a PATCH; returns the merged config or the schema's issues (paths relative to the body). */
export function mergeUpdate(config: RoomRecord["config"], update: HackathonUpdate) {
  const sources = { ...config.sources };
  for (const [name, patch] of Object.entries(update.sources ?? {}) as [SourceName, Partial<typeof sources.cost>][]) {
    const previous = sources[name];
    const poll = patch.poll === undefined ? previous.poll : keepCredentials(patch.poll, previous.poll);
    sources[name] = { ...previous, ...patch, poll };
  }
  const candidate = {
    ...config,
    ...update,
    thresholds: { ...config.thresholds, ...update.thresholds },
    sources,
    integrations: mergeIntegrations(config.integrations, update.integrations),
    // The create schema knows no "archived"; validate as active and keep the stored status.
    status: update.status ?? (config.status === "archived" ? "active" : config.status),
  };
  const parsed = HackathonCreateSchema.safeParse(candidate);
  if (!parsed.success) return { ok: false as const, error: parsed.error };
  const status: HackathonStatus = update.status ?? config.status;
  return { ok: true as const, config: { ...parsed.data, status } };
}
