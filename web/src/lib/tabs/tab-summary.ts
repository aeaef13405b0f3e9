import type { DashboardState, Severity } from "$contract";
import type { ConnectionStatus } from "$lib/live/hackathon-socket.svelte";

/** What the tab bar shows of a hackathon open in a background tab, kept live by its own socket. */
export interface TabSummary {
  /** Open alerts that are not silenced: what needs a person. */
  alerts: number;
  /** The worst severity among them; null without any. */
  worst: Severity | null;
  /** False while the socket is down: the figures may be behind. */
  live: boolean;
  /** One line for the tab's tooltip. */
  detail: string;
}

const RANK: Record<Severity, number> = { info: 0, warning: 1, critical: 2 };

export function tabSummary(state: DashboardState | null, status: ConnectionStatus): TabSummary | null {
  if (!state) return null;
  const loud = state.alerts.filter((alert) => !alert.silenced_by);
  const worst = loud.reduce<Severity | null>(
    (top, alert) => (top === null || RANK[alert.severity] > RANK[top] ? alert.severity : top),
    null,
  );
  const live = status === "open";
  const alertText = loud.length === 1 ? "1 open alert" : `${loud.length} open alerts`;
  const complete = `${Math.round(state.task_metrics.percent_complete)}% complete`;
  return { alerts: loud.length, worst, live, detail: `${alertText}, ${complete}${live ? "" : " (not live: reconnecting)"}` };
}
