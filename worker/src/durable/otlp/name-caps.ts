import type { InboundEvent } from "../../contract";
import { MAX_DISTINCT_NAMES, type NameKind } from "../ingest/caps";

/** The names an OTLP event introduces (token events: model and service; metric events: name). */
function namesOf(event: InboundEvent): Array<[NameKind, string]> {
  if (event.type === "metric") return [["metric", event.name]];
  if (event.type !== "token") return [];
  const names: Array<[NameKind, string]> = [["model", event.model]];
  if (event.service !== undefined) names.push(["service", event.service]);
  return names;
}

/**
 * docs/contract.md section 11: past a per-hackathon cap (section 5: 200 distinct metric names, models
 * and services each), OTLP items are refused through the partial success, not with a 400:
 * an exporter cannot fix its export, and the rest of it must still count. An event whose new
 * name would pass a cap is left out; the names of those let in are then registered by the
 * ingest itself (ingest/caps.ts in `skip` mode). Repeats of a stored event pass: they are
 * duplicates, never applied. Runs in the same synchronous step as the ingest that follows.
 */
export function withinNameCaps<E extends InboundEvent>(sql: SqlStorage, events: E[]): { admitted: E[]; refused: E[] } {
  const counts = new Map<NameKind, number>(
    sql
      .exec<{ kind: NameKind; n: number }>("SELECT kind, COUNT(*) AS n FROM known_names GROUP BY kind")
      .toArray()
      .map((r) => [r.kind, r.n]),
  );
  const added = new Map<NameKind, Set<string>>([
    ["metric", new Set()],
    ["model", new Set()],
    ["service", new Set()],
  ]);
  const known = (kind: NameKind, name: string) =>
    added.get(kind)!.has(name) || sql.exec("SELECT 1 FROM known_names WHERE kind = ? AND name = ?", kind, name).toArray().length > 0;
  const admitted: E[] = [];
  const refused: E[] = [];
  for (const event of events) {
    const stored = sql.exec("SELECT 1 FROM events WHERE id = ?", event.id).toArray().length > 0;
    const fresh = stored ? [] : namesOf(event).filter(([kind, name]) => !known(kind, name));
    const room = fresh.every(([kind]) => (counts.get(kind) ?? 0) + added.get(kind)!.size < MAX_DISTINCT_NAMES);
    if (!room) {
      refused.push(event);
      continue;
    }
    for (const [kind, name] of fresh) added.get(kind)!.add(name);
    admitted.push(event);
  }
  return { admitted, refused };
}
