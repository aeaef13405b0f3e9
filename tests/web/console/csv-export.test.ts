import { describe, expect, it } from "vitest";
import type { Alert, RcaEntry } from "$contract";
import { alertInRange, alertsCsv, exportFileName, presetRanges, rangeFromInputs, rcaCsv } from "$lib/console/csv-export";
import { toLocalInput } from "$lib/console/form-values";
import { csvField, csvText } from "$lib/console/csv-text";
import { makeAlert } from "../fixtures/dashboard-state";

const range = { from: "2026-11-28T10:00:00.000Z", to: "2026-11-28T12:00:00.000Z" };
const alert = (overrides: Partial<Alert>) => makeAlert({ resolved: false, resolution_time: null, ...overrides });

describe("csvText", () => {
  it("quotes what needs it, defuses formulas and ends lines with CRLF, as the Worker's exports do", () => {
    expect(csvField('say "hi", then go')).toBe('"say ""hi"", then go"');
    expect(csvField("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvField("-5 services")).toBe("'-5 services");
    expect(csvField(null)).toBe("");
    expect(csvField(-5)).toBe("-5");
    expect(csvText(["a", "b"], [[1, "x\ny"]])).toBe('a,b\r\n1,"x\ny"\r\n');
  });
});

describe("alerts in a range", () => {
  it("keeps alerts open at some moment of the range", () => {
    expect(alertInRange(alert({ timestamp: "2026-11-28T11:00:00Z" }), range)).toBe(true);
    expect(alertInRange(alert({ timestamp: "2026-11-28T09:00:00Z" }), range)).toBe(true);
    expect(alertInRange(alert({ timestamp: "2026-11-28T09:00:00Z", resolved: true, resolution_time: "2026-11-28T09:30:00Z" }), range)).toBe(
      false,
    );
    expect(alertInRange(alert({ timestamp: "2026-11-28T12:00:01Z" }), range)).toBe(false);
  });

  it("exports the Worker's alert columns, recommended actions joined", () => {
    const csv = alertsCsv(
      [
        alert({ id: "alert-1", timestamp: "2026-11-28T11:00:00Z", recommended_actions: ["Check spend", "Pause jobs"] }),
        alert({ id: "alert-0", timestamp: "2026-11-27T11:00:00Z", resolved: true, resolution_time: "2026-11-27T12:00:00Z" }),
      ],
      range,
    );
    const [header, row, end] = csv.split("\r\n");
    expect(header).toBe(
      "id,type,severity,status,series,description,score,timestamp,last_seen_at,occurrences,acknowledged_at,acknowledged_by,resolution_time,resolved_by,incident_id,recommended_actions",
    );
    expect(row?.startsWith("alert-1,")).toBe(true);
    expect(row?.endsWith(",Check spend | Pause jobs")).toBe(true);
    expect(end).toBe("");
  });
});

describe("rcaCsv", () => {
  it("exports the entries of the range with their detail as JSON", () => {
    const entry = (id: string, at: string): RcaEntry => ({
      id,
      at,
      source: "cost",
      kind: "correction",
      cause: "missed_events",
      summary: "Cost drift corrected",
      detail: { drift: 2 },
    });
    expect(rcaCsv([entry("rca-2", "2026-11-28T13:00:00Z"), entry("rca-1", "2026-11-28T10:30:00Z")], range)).toBe(
      'id,at,source,kind,cause,summary,detail\r\nrca-1,2026-11-28T10:30:00Z,cost,correction,missed_events,Cost drift corrected,"{""drift"":2}"\r\n',
    );
  });
});

describe("export names and ranges", () => {
  it("names the file after the hackathon, what and the days", () => {
    expect(exportFileName("spring-jam", "cost.spend", range)).toBe("spring-jam-cost.spend-2026-11-28-to-2026-11-28.csv");
  });

  it("offers the hackathon so far (up to its end) and the last day", () => {
    const now = Date.parse("2026-11-29T09:00:00Z");
    expect(presetRanges("2026-11-28T08:00:00Z", "2026-11-29T08:00:00Z", now)).toEqual([
      { label: "Whole hackathon", range: { from: "2026-11-28T08:00:00.000Z", to: "2026-11-29T08:00:00.000Z" } },
      { label: "Last 24 hours", range: { from: "2026-11-28T09:00:00.000Z", to: "2026-11-29T09:00:00.000Z" } },
    ]);
    expect(presetRanges("2026-11-28T08:00:00Z", null, now)[0]?.range.to).toBe("2026-11-29T09:00:00.000Z");
  });
});

describe("rangeFromInputs", () => {
  it("takes in the end's whole minute, since the fields show minutes", () => {
    const range = rangeFromInputs(toLocalInput(Date.parse("2026-11-28T10:00:00Z")), toLocalInput(Date.parse("2026-11-28T12:05:00Z")));
    expect(range).toEqual({ from: "2026-11-28T10:00:00.000Z", to: "2026-11-28T12:05:59.999Z" });
  });

  it("says why two fields make no range", () => {
    expect(rangeFromInputs("", "2026-11-28T12:05")).toBe("Enter a date and time for both ends.");
    expect(rangeFromInputs("2026-11-28T12:05", "2026-11-28T12:04")).toBe("The end must not be before the start.");
  });
});
