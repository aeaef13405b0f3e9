import { type Hackathon, HackathonUpdateSchema, type HackathonUpdate, type PollRead, SOURCE_NAMES, type SourceName } from "$contract";
import { type FieldErrors, fieldErrors, hasErrors, issuesOf, zodFieldErrors } from "./field-errors";
import { DATE_PROBLEM, fractionFrom, fromLocalInput, localInputOf, NUMBER_PROBLEM, numberFrom, percentText } from "./form-values";
import { type MemberRow, memberRows, membersFromRows, sameMembers } from "./members-form";
import { checkPoll, type PollEdit, pollEditOf } from "./poll-form";

export const EDITABLE_STATUSES = ["active", "paused", "completed"] as const;
export type EditableStatus = (typeof EDITABLE_STATUSES)[number];

export const THRESHOLD_FIELDS = ["budget_warning", "budget_critical", "anomaly"] as const;
export const TIMING_FIELDS = ["event_timeout_s", "poll_interval_s", "reconciliation_interval_s"] as const;
export const GCP_FIELDS = ["service_account_email", "oidc_audience", "jwks_url"] as const;
type ThresholdField = (typeof THRESHOLD_FIELDS)[number];
type TimingField = (typeof TIMING_FIELDS)[number];
type GcpField = (typeof GCP_FIELDS)[number];

/** Everything the settings form edits, as text typed into it (thresholds as percentages). */
export interface SettingsValues {
  name: string;
  /** null while archived: un-archiving is its own action. */
  status: EditableStatus | null;
  amount: string;
  currency: string;
  startsAt: string;
  endsAt: string;
  public: boolean;
  thresholds: Record<ThresholdField, string> & { alert_hold_s: string };
  timings: Record<SourceName, Record<TimingField, string>>;
  polls: Record<SourceName, PollEdit>;
  gcp: Record<GcpField, string>;
  /** null when the answer had no members (only the admin reads them). */
  members: MemberRow[] | null;
}

const bySource = <T>(make: (name: SourceName) => T) =>
  Object.fromEntries(SOURCE_NAMES.map((name) => [name, make(name)])) as Record<SourceName, T>;

/** The form as the stored hackathon fills it. */
export function settingsValues(h: Hackathon): SettingsValues {
  const gcp = h.integrations?.gcp_billing ?? {};
  return {
    name: h.name,
    status: h.status === "archived" ? null : h.status,
    amount: String(h.budget.amount),
    currency: h.budget.currency,
    startsAt: localInputOf(h.starts_at),
    endsAt: localInputOf(h.ends_at),
    public: h.public,
    thresholds: {
      budget_warning: percentText(h.thresholds.budget_warning),
      budget_critical: percentText(h.thresholds.budget_critical),
      anomaly: percentText(h.thresholds.anomaly),
      alert_hold_s: String(h.thresholds.alert_hold_s),
    },
    timings: bySource((name) => {
      const source = h.sources[name];
      return {
        event_timeout_s: String(source?.event_timeout_s ?? ""),
        poll_interval_s: String(source?.poll_interval_s ?? ""),
        reconciliation_interval_s: String(source?.reconciliation_interval_s ?? ""),
      };
    }),
    polls: bySource((name) => pollEditOf(h.sources[name]?.poll ?? null)),
    gcp: {
      service_account_email: gcp.service_account_email ?? "",
      oidc_audience: gcp.oidc_audience ?? "",
      jwks_url: gcp.jwks_url ?? "",
    },
    members: h.members ? memberRows(h.members) : null,
  };
}

export type SettingsCheck = { ok: true; patch: HackathonUpdate } | { ok: false; errors: FieldErrors };

/** Collects the PATCH field by field; own problems (not a number, not a date) are kept beside the schema's. */
class PatchBuilder {
  readonly patch: Record<string, unknown> = {};
  readonly problems: { path: string; message: string }[] = [];

  number(path: string, text: string): number {
    const value = numberFrom(text);
    if (value === null) this.problems.push({ path, message: NUMBER_PROBLEM });
    return value ?? Number.NaN;
  }

  date(path: string, text: string, optional: boolean): string | null {
    if (optional && text.trim() === "") return null;
    const value = fromLocalInput(text);
    if (value === null) this.problems.push({ path, message: DATE_PROBLEM });
    return value ?? "";
  }

  /** Sets `patch[a][b]…` to `value`, creating the objects on the way. */
  set(path: readonly string[], value: unknown): void {
    let node = this.patch;
    for (const key of path.slice(0, -1)) {
      node[key] ??= {};
      node = node[key] as Record<string, unknown>;
    }
    node[path[path.length - 1] as string] = value;
  }
}

function addGeneral(b: PatchBuilder, before: SettingsValues, now: SettingsValues): void {
  if (now.name.trim() !== before.name) b.set(["name"], now.name.trim());
  if (now.status !== null && now.status !== before.status) b.set(["status"], now.status);
  if (now.amount.trim() !== before.amount || now.currency.trim().toUpperCase() !== before.currency) {
    b.set(["budget"], { amount: b.number("budget.amount", now.amount), currency: now.currency.trim().toUpperCase() });
  }
  // Compared as typed: the inputs show minutes, so re-reading an untouched field must not move it.
  if (now.startsAt !== before.startsAt) b.set(["starts_at"], b.date("starts_at", now.startsAt, false));
  if (now.endsAt !== before.endsAt) b.set(["ends_at"], b.date("ends_at", now.endsAt, true));
  if (now.public !== before.public) b.set(["public"], now.public);
}

function addThresholds(b: PatchBuilder, before: SettingsValues, now: SettingsValues): void {
  for (const field of THRESHOLD_FIELDS) {
    const text = now.thresholds[field];
    if (text.trim() === before.thresholds[field]) continue;
    const value = fractionFrom(text);
    if (value === null) b.problems.push({ path: `thresholds.${field}`, message: NUMBER_PROBLEM });
    b.set(["thresholds", field], value ?? Number.NaN);
  }
  if (now.thresholds.alert_hold_s.trim() !== before.thresholds.alert_hold_s) {
    b.set(["thresholds", "alert_hold_s"], b.number("thresholds.alert_hold_s", now.thresholds.alert_hold_s));
  }
}

function addSources(b: PatchBuilder, before: SettingsValues, now: SettingsValues, stored: Hackathon): void {
  for (const source of SOURCE_NAMES) {
    for (const field of TIMING_FIELDS) {
      const text = now.timings[source][field];
      if (text.trim() !== before.timings[source][field]) b.set(["sources", source, field], b.number(`sources.${source}.${field}`, text));
    }
    const storedPoll: PollRead | null = stored.sources[source]?.poll ?? null;
    const poll = checkPoll(source, storedPoll, now.polls[source]);
    if (!poll.ok) b.problems.push(...issuesOf(poll.errors));
    else if (poll.poll !== undefined) b.set(["sources", source, "poll"], poll.poll);
  }
}

function addIntegrations(b: PatchBuilder, before: SettingsValues, now: SettingsValues): void {
  for (const field of GCP_FIELDS) {
    const text = now.gcp[field].trim();
    // Empty removes the field (null), as the API's merge reads it.
    if (text !== before.gcp[field]) b.set(["integrations", "gcp_billing", field], text === "" ? null : text);
  }
}

function addMembers(b: PatchBuilder, before: SettingsValues, now: SettingsValues): void {
  if (now.members === null || before.members === null) return;
  const members = membersFromRows(now.members);
  if (!members.ok) {
    b.problems.push(...issuesOf(members.errors));
    return;
  }
  const previous = membersFromRows(before.members);
  if (!previous.ok || !sameMembers(previous.members, members.members)) b.set(["members"], members.members);
}

/**
 * The PATCH that saves the form: only the fields that differ from what was loaded (the API leaves
 * the rest as they are, so a write-only key is never wiped), checked against the contract's update
 * schema and, as the server checks the merged config, the end against the start.
 */
export function checkSettings(stored: Hackathon, before: SettingsValues, now: SettingsValues): SettingsCheck {
  const b = new PatchBuilder();
  addGeneral(b, before, now);
  addThresholds(b, before, now);
  addSources(b, before, now, stored);
  addIntegrations(b, before, now);
  addMembers(b, before, now);
  const parsed = HackathonUpdateSchema.safeParse(b.patch);
  const problems = fieldErrors(b.problems);
  const fromSchema: FieldErrors = parsed.success ? {} : zodFieldErrors(parsed.error);
  const errors: Record<string, readonly string[]> = { ...fromSchema, ...problems };
  const startsAt = (b.patch.starts_at as string | undefined) ?? stored.starts_at;
  const endsAt = "ends_at" in b.patch ? (b.patch.ends_at as string | null) : stored.ends_at;
  if (endsAt && startsAt && !errors.ends_at && !errors.starts_at && Date.parse(endsAt) <= Date.parse(startsAt)) {
    errors.ends_at = ["must be after starts_at"];
  }
  if (hasErrors(errors) || !parsed.success) return { ok: false, errors };
  return { ok: true, patch: parsed.data };
}

/** Whether saving would send anything. */
export const isEmptyPatch = (patch: HackathonUpdate): boolean => Object.keys(patch).length === 0;
