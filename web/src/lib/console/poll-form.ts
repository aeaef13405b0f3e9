import { PollConfigSchema, type PollConfig, type PollRead, type PollSecretField, type SourceName } from "$contract";
import { type FieldErrors, fieldErrors, issuePath } from "./field-errors";

export type PollKind = PollConfig["kind"];
export const POLL_KINDS: readonly PollKind[] = PollConfigSchema.options.map((option) => option.shape.kind.value);

export const POLL_KIND_LABELS: Readonly<Record<PollKind, string>> = {
  json: "JSON URL",
  "gcp-bigquery": "Google Cloud billing export (BigQuery)",
  "github-issues": "GitHub issues",
  "openai-usage": "OpenAI usage",
  "anthropic-usage": "Anthropic usage",
};

/** One option field of a poll kind, as the editor shows it. */
export interface PollFieldSpec {
  name: string;
  label: string;
  required?: boolean;
  /** A list, typed comma-separated. */
  list?: boolean;
  hint?: string;
}

const API_BASE: PollFieldSpec = {
  name: "api_base_url",
  label: "API base URL",
  hint: "Leave empty for the provider's own API. Reads show only its origin: type it whole if it had a path.",
};

export const POLL_OPTION_FIELDS: Readonly<Record<PollKind, readonly PollFieldSpec[]>> = {
  json: [{ name: "url", label: "URL", required: true, hint: "Reads show only its origin (a path may carry a key): type the whole URL." }],
  "gcp-bigquery": [
    API_BASE,
    { name: "project_id", label: "Project id", required: true },
    { name: "table", label: "Table (dataset.table of the billing export)", required: true },
    { name: "billing_project_id", label: "Billing project id" },
    { name: "location", label: "Location" },
  ],
  "github-issues": [
    API_BASE,
    { name: "repo", label: "Repository (owner/name)", required: true },
    { name: "labels", label: "Labels", list: true },
    { name: "milestone", label: "Milestone" },
  ],
  "openai-usage": [API_BASE, { name: "project_ids", label: "Project ids", list: true }],
  "anthropic-usage": [API_BASE, { name: "workspace_ids", label: "Workspace ids", list: true }],
};

/** Each kind's one write-only credential. */
export const POLL_SECRET_OF: Readonly<Record<PollKind, { field: PollSecretField; label: string; multiline: boolean }>> = {
  json: { field: "headers", label: "Headers (one “Name: value” per line)", multiline: true },
  "gcp-bigquery": { field: "service_account_key", label: "Service account key (JSON)", multiline: true },
  "github-issues": { field: "token", label: "Token", multiline: false },
  "openai-usage": { field: "admin_key", label: "Admin key", multiline: false },
  "anthropic-usage": { field: "admin_key", label: "Admin key", multiline: false },
};

/** A source's poll in the editor: left as stored until "Change poll" is pressed, then typed in whole. */
export interface PollEdit {
  editing: boolean;
  kind: PollKind | "none";
  fields: Record<string, string>;
  /** A credential typed in to set or replace the stored one; "" keeps what is stored. */
  secret: string;
}

function textOf(value: unknown): string {
  if (Array.isArray(value)) return value.map(String).join(", ");
  return typeof value === "string" ? value : "";
}

/** The editor for a stored poll (or none), not yet editing. */
export function pollEditOf(stored: PollRead | null): PollEdit {
  if (!stored) return { editing: false, kind: "none", fields: {}, secret: "" };
  const record: Record<string, unknown> = stored;
  const fields: Record<string, string> = {};
  for (const spec of POLL_OPTION_FIELDS[stored.kind]) {
    // A JSON poll's URL reads as its origin only: sending that back would cut off the path.
    fields[spec.name] = stored.kind === "json" && spec.name === "url" ? "" : textOf(record[spec.name]);
  }
  return { editing: false, kind: stored.kind, fields, secret: "" };
}

/** The origin a poll's calls go to (null: the provider's own API), as reads show it. */
function originOf(kind: PollKind, fields: Readonly<Record<string, string>>): string | null {
  const text = (kind === "json" ? fields.url : fields.api_base_url)?.trim() ?? "";
  if (text === "") return null;
  try {
    return new URL(text).origin;
  } catch {
    return text;
  }
}

/**
 * The stored credential the server keeps when this edit is saved: only while the kind and the
 * origin stay and no new one is typed (docs/API.md, Auth); null when none is kept.
 */
export function keptCredential(stored: PollRead | null, edit: PollEdit): PollSecretField | null {
  if (!stored || !edit.editing || edit.kind !== stored.kind || edit.secret.trim() !== "") return null;
  const field = POLL_SECRET_OF[stored.kind].field;
  if (!stored.credentials_set.includes(field)) return null;
  const storedOrigin = (stored.kind === "json" ? stored.url : stored.api_base_url) ?? null;
  return originOf(edit.kind, edit.fields) === storedOrigin ? field : null;
}

/** "Name: value" lines as a headers record; null when a line has no name. */
function headersFrom(text: string): Record<string, string> | null {
  const headers: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === "") continue;
    const colon = line.indexOf(":");
    const name = colon > 0 ? line.slice(0, colon).trim() : "";
    if (name === "") return null;
    headers[name] = line.slice(colon + 1).trim();
  }
  return headers;
}

export type PollCheck = { ok: true; poll: PollConfig | null | undefined } | { ok: false; errors: FieldErrors };

/**
 * What a PATCH should say about the source's poll: undefined to leave it as stored, null to
 * remove it, or the whole new config, judged by the contract's schema (errors keyed
 * `sources.<source>.poll.<field>`, as the API keys them).
 */
export function checkPoll(source: SourceName, stored: PollRead | null, edit: PollEdit): PollCheck {
  if (!edit.editing) return { ok: true, poll: undefined };
  if (edit.kind === "none") return { ok: true, poll: stored ? null : undefined };
  const prefix = ["sources", source, "poll"];
  const config: Record<string, unknown> = { kind: edit.kind };
  const own: { path: string; message: string }[] = [];
  for (const spec of POLL_OPTION_FIELDS[edit.kind]) {
    const text = edit.fields[spec.name]?.trim() ?? "";
    if (text === "") {
      if (spec.required) own.push({ path: issuePath([...prefix, spec.name]), message: "Required" });
      continue;
    }
    config[spec.name] = spec.list
      ? text
          .split(",")
          .map((item) => item.trim())
          .filter((item) => item !== "")
      : text;
  }
  const secret = POLL_SECRET_OF[edit.kind];
  if (edit.secret.trim() !== "") {
    const value = secret.field === "headers" ? headersFrom(edit.secret) : edit.secret.trim();
    if (value === null) own.push({ path: issuePath([...prefix, secret.field]), message: "Each line must be “Name: value”" });
    else config[secret.field] = value;
  }
  const parsed = PollConfigSchema.safeParse(config);
  if (parsed.success && own.length === 0) return { ok: true, poll: parsed.data };
  const ownPaths = new Set(own.map((issue) => issue.path));
  const fromSchema = parsed.success
    ? []
    : parsed.error.issues
        .map((issue) => ({ path: issuePath([...prefix, ...issue.path]), message: issue.message }))
        .filter((issue) => !ownPaths.has(issue.path));
  return { ok: false, errors: fieldErrors([...own, ...fromSchema]) };
}
