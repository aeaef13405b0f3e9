import type { SeriesName } from "$contract";
import type { ApiClient } from "./client";
import { hackathonPath } from "./hackathons";

/** The series' history over the range as the server's CSV export (`ts,value`, one row per bucket). */
export function getHistoryCsv(api: ApiClient, id: string, range: { series: SeriesName; from: string; to: string }): Promise<string> {
  const query = new URLSearchParams({ series: range.series, from: range.from, to: range.to, format: "csv" });
  return api.getText(`${hackathonPath(id)}/history?${query}`, "text/csv");
}
