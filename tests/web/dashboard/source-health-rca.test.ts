import { describe, expect, it } from "vitest";
import type { ComponentProps } from "svelte";
import { byTestId, render } from "../helpers/render";
import RcaLog from "$lib/dashboard/RcaLog.svelte";
import SourceHealthList from "$lib/dashboard/SourceHealthList.svelte";
import { formatClock, formatDateTime } from "$lib/format/format";
import { healthySource } from "../fixtures/dashboard-state";
import { makeRcaAnswer, makeRcaEntry } from "../fixtures/rca";

const renderHealth = (props: ComponentProps<typeof SourceHealthList>) => render(SourceHealthList, props);

const renderLog = (props: ComponentProps<typeof RcaLog>) => render(RcaLog, props);

const text = (id: string) => byTestId(id)?.textContent?.replace(/\s+/g, " ").trim();

const health = {
  cost: {
    ...healthySource(),
    mode: "degraded" as const,
    last_poll_at: "2026-11-28T10:04:30Z",
    last_reconciled_at: "2026-11-28T10:04:00Z",
    drift: 12.5,
    consecutive_failures: 5,
  },
  tasks: { ...healthySource(), last_event_at: "2026-11-28T10:03:00Z" },
  tokens: { ...healthySource(), mode: "polling" as const, last_poll_at: "2026-11-28T10:05:00Z", consecutive_failures: 1 },
  performance: healthySource(),
};

describe("SourceHealthList", () => {
  it("shows each mode as a labelled badge with since when, from the newest transition", () => {
    renderHealth({ health, stale: false, transitions: makeRcaAnswer().transitions });

    expect(byTestId("source-mode-cost")?.getAttribute("data-mode")).toBe("degraded");
    expect(text("source-badge-cost")).toBe("degraded");
    expect(text("source-since-cost")).toBe(`degraded since ${formatClock("2026-11-28T10:05:00Z")}, last good figure shown`);
    expect(byTestId("source-since-cost")?.querySelector("time")?.getAttribute("datetime")).toBe("2026-11-28T10:05:00Z");

    expect(text("source-badge-tasks")).toBe("live");
    expect(text("source-since-tasks")).toBe(`events arriving since ${formatClock("2026-11-28T10:03:00Z")}`);

    expect(text("source-badge-tokens")).toBe("polling");
    expect(text("source-since-tokens")).toBe("polling since unknown");
    expect(text("source-badge-performance")).toBe("live");
    expect(text("source-since-performance")).toBe("events arriving");
  });

  it("shows last event, last poll, reconciliation with drift and consecutive failures", () => {
    renderHealth({ health, stale: false, transitions: [] });
    const cost = byTestId("source-mode-cost");
    expect(cost?.querySelector("h3")?.textContent).toBe("cost");
    const terms = [...(cost?.querySelectorAll("dt") ?? [])].map((dt) => dt.textContent);
    expect(terms).toEqual(["Last event", "Last poll", "Reconciled", "Failed polls"]);
    expect(cost?.textContent).toContain(formatClock("2026-11-28T10:04:30Z"));
    expect(text("source-reconciled-cost")).toBe(`${formatClock("2026-11-28T10:04:00Z")}, drift +12.5`);
    expect(text("source-failures-cost")).toBe("5 in a row");
    expect(text("source-reconciled-tasks")).toBe("—");
    expect(text("source-since-cost")).toContain("degraded since unknown");
  });
});

describe("RcaLog", () => {
  it("lists the entries newest first in a table with time, source, kind, cause and summary", () => {
    renderLog({ rca: makeRcaAnswer() });
    expect(document.querySelector("h2")?.textContent).toBe("Reconciliation and root causes");
    const rows = [...document.querySelectorAll("[data-testid=rca-entries] tbody tr")];
    expect(rows).toHaveLength(3);
    const cells = rows.map((row) => [...row.querySelectorAll("td")].map((td) => td.textContent));
    expect(cells[0]).toEqual([
      formatDateTime("2026-11-28T10:06:00Z"),
      "cost",
      "rejected poll",
      "—",
      "Poll refused: more than 50% below the last accepted total",
    ]);
    expect(cells[1]?.slice(1, 4)).toEqual(["tokens", "correction", "provider lag"]);
    expect(cells[2]?.slice(1, 3)).toEqual(["tasks", "state reset"]);
    expect(rows[0]?.querySelector("time")?.getAttribute("datetime")).toBe("2026-11-28T10:06:00Z");
  });

  it("shows the mode changes as an ordered timeline", () => {
    renderLog({ rca: makeRcaAnswer() });
    const items = [...document.querySelectorAll("[data-testid=rca-transitions] li")].map((li) =>
      li.textContent?.replace(/\s+/g, " ").trim(),
    );
    expect(items).toHaveLength(5);
    expect(items[0]).toBe(`${formatDateTime("2026-11-28T10:05:00Z")} cost: polling → degraded — 5 consecutive poll failures`);
    expect(items[1]).toContain("tasks: polling → event — 3 steady events");
  });

  it("names the incident and detector reset kinds in words", () => {
    const entries = [
      makeRcaEntry({ id: "i", kind: "incident", cause: null, summary: "Token flood on gpt-large driving a cost spike" }),
      makeRcaEntry({ id: "d", kind: "detector_reset", cause: null, summary: "Anomaly detector state was unreadable and restarted" }),
    ];
    renderLog({ rca: makeRcaAnswer({ entries }) });
    const kinds = [...document.querySelectorAll("[data-testid=rca-entries] tbody tr td:nth-child(3)")].map((td) => td.textContent);
    expect(kinds).toEqual(["incident", "detector reset"]);
  });

  it("keeps to the limit, and says so when there is nothing to show", () => {
    const entries = Array.from({ length: 30 }, (_, i) => makeRcaEntry({ id: String(i) }));
    renderLog({ rca: makeRcaAnswer({ entries }), limit: 20 });
    expect(document.querySelectorAll("[data-testid=rca-entries] tbody tr")).toHaveLength(20);
    renderLog({ rca: { entries: [], transitions: [] } });
    expect(byTestId("rca-empty")).not.toBeNull();
    expect(byTestId("transitions-empty")).not.toBeNull();
  });

  it("reports a failed load and keeps the last log it had", () => {
    renderLog({ rca: makeRcaAnswer(), error: "Cannot reach the server" });
    expect(byTestId("rca-error")?.textContent).toContain("Could not load the log: Cannot reach the server");
    expect(byTestId("rca-error")?.textContent).toContain("Showing the last one loaded");
    expect(document.querySelectorAll("[data-testid=rca-entries] tbody tr")).toHaveLength(3);
  });
});
