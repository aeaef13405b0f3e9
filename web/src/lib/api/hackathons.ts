import {
  DashboardStateSchema,
  HackathonListSchema,
  HistoryResponseSchema,
  TicketSchema,
  type DashboardState,
  type HackathonSummary,
  type HistoryResponse,
  type SeriesName,
  type Ticket,
} from "$contract";
import type { ApiClient } from "./client";

/** The API path of one hackathon; every per-hackathon route hangs off it. */
export function hackathonPath(id: string): string {
  return `/api/hackathons/${encodeURIComponent(id)}`;
}

export async function listHackathons(api: ApiClient): Promise<HackathonSummary[]> {
  return (await api.get("/api/hackathons", HackathonListSchema)).hackathons;
}

export function getDashboard(api: ApiClient, id: string): Promise<DashboardState> {
  return api.get(`${hackathonPath(id)}/dashboard`, DashboardStateSchema);
}

export interface HistoryRange {
  series: SeriesName;
  from: string;
  to: string;
  /** Seconds per point (at least 60); the server widens it to keep a series under 2,000 points. */
  step?: number;
}

export function getHistory(api: ApiClient, id: string, range: HistoryRange): Promise<HistoryResponse> {
  const query = new URLSearchParams({ series: range.series, from: range.from, to: range.to });
  if (range.step !== undefined) query.set("step", String(range.step));
  return api.get(`${hackathonPath(id)}/history?${query}`, HistoryResponseSchema);
}

/** A single-use ticket for the live socket (browsers cannot send headers on a WebSocket). */
export function requestTicket(api: ApiClient, id: string): Promise<Ticket> {
  return api.post(`${hackathonPath(id)}/ticket`, TicketSchema);
}

export function liveSocketUrl(input: { origin: string; id: string; ticket: string; since: number | null }): string {
  const url = new URL(`${hackathonPath(input.id)}/live`, input.origin);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  url.searchParams.set("ticket", input.ticket);
  if (input.since !== null) url.searchParams.set("since", String(input.since));
  return url.toString();
}
