import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createDb } from "../../../../worker/src/db/client";
import { readAlertHistory } from "../../../../worker/src/db/queries/alert-history";
import { DashboardStateSchema } from "../../../../worker/src/contract";
import { apiJson } from "../../../helpers/api";
import { withFailingD1 } from "../../../helpers/failing-d1";
import { createHackathon } from "../../../helpers/hackathons";
import { pinClock, roomOf, runAlarmAt } from "../../../helpers/rooms";
import { timerDue } from "../../../helpers/timers";
import { eventId, postEvents } from "../../../helpers/webhooks";

const M = 60_000;
const H = 60 * M;
const NOW = Date.parse("2026-11-28T10:00:30Z");
/** The history flush writes at most this many rows per batch; the outage leaves several batches. */
const FLUSH_BATCH_ROWS = 500;

const pending = (hackathonId: string) =>
  runInDurableObject(roomOf(hackathonId), (_, state) => ({
    history: state.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM history_dirty").one().n,
    alerts: state.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM alerts WHERE version > flushed_version").one().n,
  }));

async function d1Spend(hackathonId: string) {
  const { results } = await env.DB.prepare(
    "SELECT minute, value FROM series_points WHERE hackathon_id = ? AND series = 'cost.spend' ORDER BY minute",
  )
    .bind(hackathonId)
    .all<{ minute: number; value: number }>();
  return results;
}

describe("D1 unavailable", () => {
  it("queues history and alert history in the object through a long outage, keeps the dashboard up, and loses nothing", async () => {
    const h = await createHackathon({ starts_at: new Date(NOW - 12 * H).toISOString(), ends_at: null, budget: { amount: 100 } });
    const id = h.hackathon.id;
    await pinClock(id, NOW);
    // Four hours of spend, back-filled at once: every minute since has to be rolled up, and the
    // budget crosses its warning level, which opens an alert that D1's alert history must get.
    const amounts = Array.from({ length: 4 }, (_, i) => ({ ts: NOW - (4 - i) * H + i * M, amount: 21 }));
    const events = amounts.map(({ ts, amount }) => ({ id: eventId("cost"), type: "cost", ts: new Date(ts).toISOString(), amount }));

    // D1 is down for the object and for the Worker's own routes alike.
    await withFailingD1([{ room: id }, env], async () => {
      const posted = await postEvents(id, h.webhook_secret, { events });
      expect(posted.status).toBe(200);
      const queued = await pending(id);
      expect(queued.history).toBeGreaterThan(FLUSH_BATCH_ROWS);
      expect(queued.alerts).toBeGreaterThan(0);

      // Two hours of failing flushes, each alarm run retrying after its backoff.
      for (let at = NOW + 10 * M; at <= NOW + 2 * H; at += 22 * M) {
        await runAlarmAt(id, at);
        const dashboard = await apiJson(`/api/hackathons/${id}/dashboard`);
        expect(dashboard.status).toBe(200);
        const state = DashboardStateSchema.parse(dashboard.body);
        expect(state.cost_metrics.current_spend).toBe(84);
        expect(state.alerts.map((alert) => alert.type)).toContain("budget");
      }
      // The Worker's own D1 reads really are failing meanwhile (so the dashboard above came from the object).
      expect((await apiJson("/api/hackathons")).status).toBeGreaterThanOrEqual(500);
      expect(await pending(id)).toEqual(queued);
      expect(await timerDue(id, "history-flush")).not.toBeNull();
    });
    expect(await d1Spend(id)).toEqual([]);
    for (let runs = 0; runs < 20; runs++) {
      const due = await timerDue(id, "history-flush");
      if (due === null) break;
      await runAlarmAt(id, due);
    }
    expect(await pending(id)).toEqual({ history: 0, alerts: 0 });

    // Every minute from the first event to the last flush, each at the spend to date then.
    const points = await d1Spend(id);
    const firstMinute = Math.floor(amounts[0]!.ts / M) * 60;
    expect(points[0]!.minute).toBe(firstMinute);
    points.forEach((point, i) => {
      expect(point.minute).toBe(firstMinute + 60 * i);
      const spendThen = amounts.filter(({ ts }) => ts < (point.minute + 60) * 1000).reduce((sum, { amount }) => sum + amount, 0);
      expect(point.value).toBe(spendThen);
    });
    expect(points.at(-1)!.minute).toBeGreaterThanOrEqual(Math.floor(NOW / M) * 60);
    const alertHistory = await readAlertHistory(createDb(env.DB), id);
    expect(alertHistory.map((row) => row.type)).toContain("budget");
  }, 30_000);
});
