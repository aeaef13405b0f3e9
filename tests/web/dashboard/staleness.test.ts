import { describe, expect, it } from "vitest";
import { staleSources } from "$lib/dashboard/staleness";
import { healthySource, makeDashboardState } from "../fixtures/dashboard-state";

const all = (value: boolean) => ({ cost: value, tasks: value, tokens: value, performance: value });

describe("staleSources", () => {
  it("marks nothing stale while connected and every source is healthy", () => {
    expect(staleSources(makeDashboardState(), true)).toEqual(all(false));
  });

  it("marks everything stale while the socket is not open", () => {
    expect(staleSources(makeDashboardState(), false)).toEqual(all(true));
  });

  it("marks only a degraded source's figures stale", () => {
    const state = makeDashboardState({
      stale: true,
      hysteresis_health: {
        cost: healthySource(),
        tasks: healthySource(),
        tokens: { ...healthySource(), mode: "degraded", consecutive_failures: 4 },
        performance: healthySource(),
      },
    });
    expect(staleSources(state, true)).toEqual({ ...all(false), tokens: true });
  });

  it("marks everything stale when the server says stale without naming a source", () => {
    expect(staleSources(makeDashboardState({ stale: true }), true)).toEqual(all(true));
  });
});
