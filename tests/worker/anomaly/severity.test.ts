import { describe, expect, it } from "vitest";
import { severityOfScore } from "../../../worker/src/durable/alerts/describe";
import { alertingHackathon, metric, M } from "../../helpers/alerts";

// Lives beside the detector's tests because it pins how its scores read to people:
// docs/contract.md section 8, critical above 0.9, warning above 0.7, info below.
describe("anomaly severity boundaries", () => {
  it.each([
    [0.7, "info"],
    [0.71, "warning"],
    [0.9, "warning"],
    [0.91, "critical"],
    [0.3, "info"],
    [1, "critical"],
  ] as const)("score %s is %s", (score, severity) => {
    expect(severityOfScore(score)).toBe(severity);
  });

  it("raises an info anomaly alert when thresholds.anomaly is lowered", async () => {
    const NOW = Date.parse("2026-11-28T12:00:00Z");
    const h = await alertingHackathon(NOW, { thresholds: { alert_hold_s: 120, anomaly: 0.1 } });
    // A steady metric, then a value only modestly off: its score lands between the lowered
    // threshold and 0.7, so the alert opens at severity info.
    const steady = Array.from({ length: 30 }, (_, i) => metric(NOW - (31 - i) * M, "queue_depth", 100 + ((i * 7) % 5)));
    await h.send(...steady, metric(NOW - M, "queue_depth", 125));
    const alerts = (await h.alerts("all")).filter((a) => a.type === "anomaly" && a.series === "metric.queue_depth");
    expect(alerts.length).toBeGreaterThan(0);
    expect(alerts.every((a) => a.score <= 0.7)).toBe(true);
    expect(alerts.map((a) => a.severity)).toContain("info");
  }, 30_000);
});
