import type { HackathonUpdate } from "../../contract";
import type { RoomRecord } from "../room-record";

type Config = RoomRecord["config"];

/** Plain settings whose old and new values an audit entry may show: none of them is a credential. */
const SHOWN = ["name", "status", "budget", "starts_at", "ends_at", "public"] as const;

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The paths a PATCH body set, down to one level inside sources, thresholds and integrations. */
function patchedFields(input: HackathonUpdate): string[] {
  const fields: string[] = [];
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined) continue;
    const nested = (key === "sources" || key === "thresholds" || key === "integrations") && value !== null && typeof value === "object";
    if (!nested) {
      fields.push(key);
      continue;
    }
    for (const [inner, innerValue] of Object.entries(value)) {
      if (key === "sources" && innerValue && typeof innerValue === "object") {
        for (const field of Object.keys(innerValue)) fields.push(`sources.${inner}.${field}`);
      } else fields.push(`${key}.${inner}`);
    }
  }
  return fields;
}

/**
 * What a config PATCH changed, for the audit log: every field it set, and the before and after of
 * the plain settings and thresholds. Poll configs, integrations and members are named, never
 * shown: they hold credentials, URLs that may carry a key, and emails that only admins read.
 */
export function describeUpdate(before: Config, after: Config, input: HackathonUpdate): Record<string, unknown> {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of SHOWN)
    if (input[key] !== undefined && !same(before[key], after[key])) changes[key] = { from: before[key] ?? null, to: after[key] ?? null };
  for (const key of Object.keys(input.thresholds ?? {}) as (keyof Config["thresholds"])[]) {
    if (!same(before.thresholds[key], after.thresholds[key]))
      changes[`thresholds.${key}`] = { from: before.thresholds[key], to: after.thresholds[key] };
  }
  return { fields: patchedFields(input), changes };
}
