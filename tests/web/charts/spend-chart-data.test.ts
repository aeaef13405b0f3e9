import { describe, expect, it } from "vitest";
import { toChartTime } from "$lib/charts/chart-time";
import { SPEND_BAND, type SpendProjection, spendChartData } from "$lib/charts/spend-chart-data";

const at = (time: string) => toChartTime(`2026-11-28T${time}Z`);
const spend = { x: [at("10:00:00"), at("10:01:00")], y: [10, 20] };
const endsAt = "2026-11-28T12:00:00Z";
const projection = (overrides: Partial<SpendProjection> = {}): SpendProjection => ({
  now: at("10:05:00"),
  currentSpend: 24,
  endsAt,
  projectedCost: 140,
  low: 110,
  high: 190,
  ...overrides,
});

describe("spendChartData", () => {
  it("projects from now and the current spend to the projected cost at the end, inside its uncertainty band", () => {
    const [x, spendColumn, budget, projected, low, high] = spendChartData({ spend, budget: 100, projection: projection() });
    expect(x).toEqual([...spend.x, at("10:05:00"), toChartTime(endsAt)]);
    // The spend line has no point at now or at the end: undefined, which the chart leaves out.
    expect(spendColumn).toEqual([10, 20, undefined, undefined]);
    expect(budget).toEqual([100, 100, 100, 100]);
    expect(projected).toEqual([undefined, undefined, 24, 140]);
    expect(low).toEqual([undefined, undefined, 24, 110]);
    expect(high).toEqual([undefined, undefined, 24, 190]);
    expect([SPEND_BAND.low, SPEND_BAND.high]).toEqual([4, 5]);
  });

  it("starts the projection at the latest spend point when that is not older than now", () => {
    const [x, , , projected] = spendChartData({ spend, budget: 100, projection: projection({ now: at("10:00:30"), currentSpend: 20 }) });
    expect(x).toEqual([...spend.x, toChartTime(endsAt)]);
    expect(projected).toEqual([undefined, 20, 140]);
  });

  it("widens a band that would not hold its own projection", () => {
    const data = spendChartData({ spend, budget: 100, projection: projection({ low: 150, high: 130 }) });
    expect(data[SPEND_BAND.low]?.at(-1)).toBe(140);
    expect(data[SPEND_BAND.high]?.at(-1)).toBe(140);
  });

  it("keeps the gaps of the spend line", () => {
    const gappy = { x: [at("10:00:00"), at("10:01:00"), at("10:09:00")], y: [10, null, 30] };
    const [, spendColumn] = spendChartData({ spend: gappy, budget: 100, projection: null });
    expect(spendColumn).toEqual([10, null, 30]);
  });

  it("draws no projection without an end date, or once the end has passed", () => {
    const none = spendChartData({ spend, budget: 100, projection: null });
    expect(none[0]).toEqual(spend.x);
    expect(none[3]).toEqual([undefined, undefined]);
    const past = spendChartData({ spend, budget: 100, projection: projection({ endsAt: "2026-11-28T10:00:00Z" }) });
    expect(past[0]).toEqual(spend.x);
    expect([past[3], past[4], past[5]]).toEqual([
      [undefined, undefined],
      [undefined, undefined],
      [undefined, undefined],
    ]);
  });

  it("adds flat warning and critical lines at their share of the budget", () => {
    const data = spendChartData({ spend, budget: 200, projection: null, thresholds: { warning: 0.8, critical: 0.95 } });
    expect(data.length).toBe(8);
    expect(data[6]).toEqual([160, 160]);
    expect(data[7]).toEqual([190, 190]);
  });
});
