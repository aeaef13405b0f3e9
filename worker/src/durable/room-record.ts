import {
  HackathonCreateSchema,
  POLL_SECRET_FIELDS,
  type Hackathon,
  type HackathonCreate,
  type HackathonUpdate,
  type Integrations,
  type IntegrationsPatch,
  type PollConfig,
  type SourceName,
} from "../contract";
import { toIso } from "../lib/time";
import { readMeta, writeMeta } from "./storage/meta";

type HackathonStatus = Hackathon["status"];

/** Everything the object knows about its hackathon, credentials included. Never leaves the object whole. */
export type RoomRecord = {
  config: Omit<HackathonCreate, "status"> & { status: HackathonStatus };
  viewerTokenHash: string;
  webhookSecret: string;
  createdAt: number;
  updatedAt: number;
};

const RECORD_KEY = "record";

export const loadRecord = (sql: SqlStorage) => readMeta<RoomRecord>(sql, RECORD_KEY);
export const saveRecord = (sql: SqlStorage, record: RoomRecord) => writeMeta(sql, RECORD_KEY, record);

function redactPoll(poll: PollConfig | null): Record<string, unknown> | null {
  if (!poll) return null;
  const visible: Record<string, unknown> = { ...poll };
  for (const field of POLL_SECRET_FIELDS) delete visible[field];
  return visible;
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

/** A poll update without its credentials keeps the stored ones, so clients can edit other fields. */
function keepCredentials(next: PollConfig | null, previous: PollConfig | null): PollConfig | null {
  if (!next || !previous || next.kind !== previous.kind) return next;
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
