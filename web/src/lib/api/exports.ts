import type { SeriesName } from "$contract";
import type { ApiClient } from "./client";
import { hackathonPath } from "./hackathons";

/** Both ends of an export's range, ISO, both included. */
export interface ExportRange {
  from: string;
  to: string;
}

function csvOf(api: ApiClient, path: string, query: Record<string, string>): Promise<string> {
  return api.getText(`${path}?${new URLSearchParams({ ...query, format: "csv" })}`, "text/csv");
}

/** The series' history over the range as the server's CSV export (`ts,value`, one row per bucket). */
export function getHistoryCsv(api: ApiClient, id: string, range: ExportRange & { series: SeriesName }): Promise<string> {
  return csvOf(api, `${hackathonPath(id)}/history`, { series: range.series, from: range.from, to: range.to });
}

/** The alerts that fired in the range, whatever their status now, as the server's CSV export (the newest 500). */
export function getAlertsCsv(api: ApiClient, id: string, range: ExportRange): Promise<string> {
  return csvOf(api, `${hackathonPath(id)}/alerts`, { status: "all", from: range.from, to: range.to });
}

/** The RCA log's entries of the range as the server's CSV export (the newest 200; `detail` as JSON text). */
export function getRcaCsv(api: ApiClient, id: string, range: ExportRange): Promise<string> {
  return csvOf(api, `${hackathonPath(id)}/rca`, { from: range.from, to: range.to });
}
