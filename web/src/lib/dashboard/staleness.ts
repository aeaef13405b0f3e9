import type { DashboardState, SourceName } from "$contract";

/**
 * Which parts of the dashboard may be out of date. Everything is, while the socket is down;
 * otherwise a degraded source's figures are; a server-side `stale` naming no source marks all.
 */
export function staleSources(state: DashboardState, connected: boolean): Record<SourceName, boolean> {
  const degraded = (source: SourceName) => state.hysteresis_health[source]?.mode === "degraded";
  const anyDegraded = (["cost", "tasks", "tokens", "performance"] as const).some(degraded);
  const all = !connected || (state.stale && !anyDegraded);
  return {
    cost: all || degraded("cost"),
    tasks: all || degraded("tasks"),
    tokens: all || degraded("tokens"),
    performance: all || degraded("performance"),
  };
}
