import { describe, expect, it } from "vitest";
import { incidentAt, streamEventsBetween } from "../../../../scripts/lib/simulator/streams.mjs";
import { alertingHackathon, M } from "../../../helpers/alerts";
import { runAlarmAt } from "../../../helpers/rooms";

const SEED = "demo-hackathon";
const DAY = Date.parse("2026-11-28T00:00:00Z");

/** The first simulated incident of the day that has at least 40 quiet minutes before it. */
function firstIncident(): number {
  for (let at = DAY + 45 * M; at < DAY + 24 * 60 * M; at += 5_000) {
    if (incidentAt(SEED, at)) return at;
  }
  throw new Error("the simulator has no incident that day");
}

describe("the demo's incidents", () => {
  it("raise one alert per rule and series, grouped into one incident blamed on the token flood", async () => {
    const start = firstIncident();
    const from = start - 40 * M;
    const to = start + 5 * M;
    const h = await alertingHackathon(from, { thresholds: { alert_hold_s: 600 } });
    // Delivered as the demo does: a minute of events at a time, the object's clock and alarms moving along.
    for (let minute = from; minute < to; minute += M) {
      await runAlarmAt(h.id, minute + M);
      const events = streamEventsBetween(SEED, minute, minute + M);
      if (events.length > 0) await h.send(...events);
    }
    // The demo also sends lone cost spikes now and then; look at what fired for the incident.
    const fired = (await h.alerts("all")).filter((a) => Date.parse(a.timestamp) >= start && Date.parse(a.timestamp) <= start + 3 * M);
    const rules = fired.map((a) => `${a.type}:${a.series}`);
    expect(new Set(rules).size).toBe(rules.length);
    expect(rules).toEqual(expect.arrayContaining(["token_flood:tokens.rate", "anomaly:cost.spend", "anomaly:metric.latency_ms"]));
    expect(new Set(fired.map((a) => a.incident_id)).size).toBe(1);
    const { incidents } = await h.dashboard();
    const incident = incidents.find((i) => i.id === fired[0]!.incident_id)!;
    expect(incident.root_series).toBe("tokens.rate");
    expect(incident.root_cause).toMatch(/^A token flood on .+ is driving the cost spike/);
    // 45 deliveries and alarms through the real Worker: slow on a busy 2-core machine.
  }, 60_000);
});
