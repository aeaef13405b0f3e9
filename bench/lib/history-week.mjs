// A week of per-minute history for one hackathon, written straight into D1's series_points (as
// the objects' flushes leave it), then GET /api/hackathons/:id/history over those 7 days.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ROOT, WRANGLER_JS } from "../../scripts/lib/paths.mjs";
import { runCommandOrThrow } from "../../scripts/lib/run-command.mjs";
import { wranglerEnv } from "../../scripts/lib/wrangler-dev.mjs";
import { summarize, tally } from "./stats.mjs";

const WEEK_MINUTES = 7 * 24 * 60;
const ROWS_PER_STATEMENT = 500;
/** Every fixed series, so the reads walk a table shaped like a real week's. */
export const WEEK_SERIES = [
  "cost.spend",
  "cost.burn_rate",
  "cost.projected",
  "tokens.rate",
  "tokens.total",
  "tasks.percent_complete",
  "tasks.completed",
  "tasks.total",
];

/** INSERT statements for a week of minutes ending now. Ids and series names are the bench's own literals. */
export function weekStatements(hackathonId, now = Date.now()) {
  const lastMinute = Math.floor(now / 60_000) * 60;
  const statements = [];
  for (const series of WEEK_SERIES) {
    for (let first = 0; first < WEEK_MINUTES; first += ROWS_PER_STATEMENT) {
      const values = [];
      for (let i = first; i < Math.min(first + ROWS_PER_STATEMENT, WEEK_MINUTES); i++) {
        const minute = lastMinute - (WEEK_MINUTES - 1 - i) * 60;
        values.push(`('${hackathonId}','${series}',${minute},${(i * 0.37 + (i % 60)).toFixed(3)})`);
      }
      statements.push(`INSERT OR REPLACE INTO series_points (hackathon_id, series, minute, value) VALUES ${values.join(",")};`);
    }
  }
  return { statements, rows: WEEK_SERIES.length * WEEK_MINUTES };
}

/** Writes the week into the host's D1: the binding under Miniflare, `wrangler d1 execute` under wrangler dev. */
export async function backfillWeek(host, hackathonId) {
  const { statements, rows } = weekStatements(hackathonId);
  if (host.mf) {
    const db = await host.mf.getD1Database("DB");
    for (const statement of statements) await db.prepare(statement).run();
    return rows;
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), "pitwall-bench-week-"));
  try {
    const file = path.join(dir, "week.sql");
    writeFileSync(file, statements.join("\n"));
    await runCommandOrThrow(
      process.execPath,
      [WRANGLER_JS, "d1", "execute", "pitwall", "--local", "--persist-to", host.persistDir, "--file", file],
      {
        cwd: ROOT,
        env: { ...wranglerEnv(), CI: "true" },
        quiet: true,
      },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

/** Sequential reads of 7 days of each series (one reader, so the figure is the read's own time). */
export async function benchWeekRead({ url, token, hackathonId, reads = 40 }) {
  const to = new Date();
  const from = new Date(to.getTime() - WEEK_MINUTES * 60_000);
  const latencies = [];
  const statuses = [];
  let points = 0;
  for (let i = 0; i < reads; i++) {
    const series = WEEK_SERIES[i % WEEK_SERIES.length];
    const query = new URLSearchParams({ series, from: from.toISOString(), to: to.toISOString() });
    const t0 = performance.now();
    const response = await fetch(`${url}/api/hackathons/${encodeURIComponent(hackathonId)}/history?${query}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const body = await response.json();
    latencies.push(performance.now() - t0);
    statuses.push(response.status);
    points = Math.max(points, body.points?.length ?? 0);
  }
  return { reads, statuses: tally(statuses), points_per_read: points, latency: summarize(latencies) };
}
