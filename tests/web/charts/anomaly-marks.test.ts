import { describe, expect, it } from "vitest";
import { countAnomalies, isCriticalScore, marksOnLine } from "$lib/charts/anomaly-marks";
import { toChartTime } from "$lib/charts/chart-time";
import { makeAnomalyMark } from "../fixtures/dashboard-state";

const t = (iso: string) => toChartTime(iso);
// Running spend: 100 at 10:00, 200 at 10:10, then a gap (the projection column's null), then 260 at 10:20.
const spendLine = {
  x: [t("2026-11-28T10:00:00Z"), t("2026-11-28T10:10:00Z"), t("2026-11-28T10:15:00Z"), t("2026-11-28T10:20:00Z")],
  y: [100, 200, null, 260],
};

describe("marksOnLine", () => {
  it("places a mark on the line at its time, not at its own value, keeping value and score for the list", () => {
    const marks = marksOnLine([makeAnomalyMark({ ts: "2026-11-28T10:10:00Z", value: 42, score: 0.93 })], "cost.spend", spendLine);
    expect(marks).toEqual([{ x: t("2026-11-28T10:10:00Z"), y: 200, ts: "2026-11-28T10:10:00Z", value: 42, score: 0.93 }]);
  });

  it("interpolates between drawn points and skips gaps", () => {
    const [between, acrossGap] = marksOnLine(
      [makeAnomalyMark({ ts: "2026-11-28T10:05:00Z" }), makeAnomalyMark({ ts: "2026-11-28T10:15:00Z" })],
      "cost.spend",
      spendLine,
    );
    expect(between?.y).toBe(150);
    expect(acrossGap?.y).toBe(230);
  });

  it("holds the nearest end before the first and after the last point", () => {
    const marks = marksOnLine(
      [makeAnomalyMark({ ts: "2026-11-28T11:00:00Z" }), makeAnomalyMark({ ts: "2026-11-28T09:00:00Z" })],
      "cost.spend",
      spendLine,
    );
    expect(marks.map((m) => [m.ts, m.y])).toEqual([
      ["2026-11-28T09:00:00Z", 100],
      ["2026-11-28T11:00:00Z", 260],
    ]);
  });

  it("keeps only the marks of the chart's own series", () => {
    const marks = marksOnLine(
      [
        makeAnomalyMark({ series: "tokens.rate", ts: "2026-11-28T10:10:00Z" }),
        makeAnomalyMark({ series: "metric.latency", ts: "2026-11-28T10:10:00Z" }),
        makeAnomalyMark({ series: "cost.spend", ts: "2026-11-28T10:00:00Z" }),
      ],
      "tokens.rate",
      spendLine,
    );
    expect(marks.map((m) => m.ts)).toEqual(["2026-11-28T10:10:00Z"]);
    expect(marksOnLine([makeAnomalyMark({ series: "metric.latency" })], "metric.latency", spendLine)).toHaveLength(1);
  });

  it("places nothing on an empty line or for an unreadable time", () => {
    expect(marksOnLine([makeAnomalyMark()], "cost.spend", { x: [], y: [] })).toEqual([]);
    expect(marksOnLine([makeAnomalyMark()], "cost.spend", { x: [1, 2], y: [null, null] })).toEqual([]);
    expect(marksOnLine([makeAnomalyMark({ ts: "yesterday" })], "cost.spend", spendLine)).toEqual([]);
  });
});

describe("isCriticalScore and countAnomalies", () => {
  it("treat scores above 0.9 as critical and count in words", () => {
    expect(isCriticalScore(0.95)).toBe(true);
    expect(isCriticalScore(0.9)).toBe(false);
    expect(countAnomalies(1)).toBe("1 anomaly");
    expect(countAnomalies(3)).toBe("3 anomalies");
  });
});
