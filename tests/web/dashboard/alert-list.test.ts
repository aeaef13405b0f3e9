import { beforeAll, describe, expect, it } from "vitest";
import { flushSync, tick, type ComponentProps } from "svelte";
import type { Alert } from "$contract";
import { createApiClient } from "$lib/api/client";
import AlertList from "$lib/dashboard/AlertList.svelte";
import { formatDateTime, formatFraction } from "$lib/format/format";
import { byTestId, render } from "../helpers/render";
import { makeAlert } from "../fixtures/dashboard-state";

/** A fetch whose answers the test releases one at a time, recording each request. */
function controlledFetch() {
  const requests: Request[] = [];
  const waiting: ((response: Response) => void)[] = [];
  const fetch: typeof globalThis.fetch = (input, init) => {
    requests.push(new Request(new URL(String(input), "http://localhost"), init));
    return new Promise((resolve) => waiting.push(resolve));
  };
  const answer = async (status: number, body: unknown) => {
    waiting.shift()?.(new Response(JSON.stringify(body), { status }));
    // Let the client read and parse the body, then the component update.
    for (let i = 0; i < 5; i++) await tick();
    await new Promise((resolve) => setTimeout(resolve, 0));
    flushSync();
  };
  return { fetch, requests, answer };
}

const flood = makeAlert({
  id: "flood-1",
  type: "token_flood",
  severity: "critical",
  description: "Token flood: 9,000 tokens/min",
  series: "tokens.rate",
  score: 0.934,
  occurrences: 4,
  last_seen_at: "2026-11-28T10:09:00Z",
  recommended_actions: ["Throttle the model gateway", "Check for a retry loop"],
});

function renderList(alerts: Alert[], fetch: typeof globalThis.fetch = controlledFetch().fetch, canAct = true) {
  const props: ComponentProps<typeof AlertList> = {
    alerts,
    stale: false,
    api: createApiClient({ token: canAct ? "pwo_operator" : "pwv_viewer", fetch }),
    hackathonId: "spring-jam",
    canAct,
  };
  render(AlertList, props);
}

const text = (element: Element | null | undefined) => element?.textContent?.replace(/\s+/g, " ").trim();

beforeAll(() => {
  // happy-dom has <dialog> but not its modal methods.
  HTMLDialogElement.prototype.showModal ??= function showModal(this: HTMLDialogElement) {
    this.setAttribute("open", "");
  };
});

describe("AlertList", () => {
  it("shows each open alert with severity, description, series, score, fired time, occurrences and actions", () => {
    renderList([flood, makeAlert({ id: "budget-1" })]);
    expect(text(byTestId("open-alert-count"))).toBe("2");
    const item = byTestId("alert-flood-1");
    expect(text(item?.querySelector("[data-testid=alert-severity]"))).toBe("critical");
    expect(item?.textContent).toContain("Token flood: 9,000 tokens/min");
    expect(text(item?.querySelector("[data-testid=alert-series]"))).toBe("tokens.rate");
    expect(text(item?.querySelector("[data-testid=alert-score]"))).toBe("0.93");
    expect(item?.textContent).toContain(`fired ${formatDateTime(flood.timestamp)}`);
    expect(text(item?.querySelector("[data-testid=alert-occurrences]"))).toBe(`4 times, last ${formatDateTime("2026-11-28T10:09:00Z")}`);
    expect(text(item?.querySelector("[data-testid=alert-status]"))).toBe("Open, not acknowledged");
    const actions = [...(item?.querySelectorAll(".actions li") ?? [])].map((li) => li.textContent);
    expect(actions).toEqual(["Throttle the model gateway", "Check for a retry loop"]);
    // Critical before warning.
    expect([...document.querySelectorAll("[data-testid=alerts] > li")].map((li) => li.getAttribute("data-testid"))).toEqual([
      "alert-flood-1",
      "alert-budget-1",
    ]);
  });

  it("shows a budget alert's score as the share of the budget used, not as a bare number", () => {
    renderList([makeAlert({ id: "budget-1", severity: "critical", description: "Budget exceeded by 12.00 USD (112% used)", score: 1.12 })]);
    const facts = text(byTestId("alert-budget-1")?.querySelector(".facts"));
    expect(text(byTestId("alert-budget-1")?.querySelector("[data-testid=alert-score]"))).toBe(formatFraction(1.12));
    expect(facts).toContain(`used ${formatFraction(1.12)}`);
    expect(facts).not.toContain("score");
  });

  it("shows a silenced alert as silenced, and says nothing of silences otherwise", () => {
    renderList([makeAlert({ silenced_by: "silence-3" })]);
    expect(text(byTestId("alert-silenced"))).toBe("Silenced (silence-3): not notified");
    renderList([makeAlert()]);
    expect(byTestId("alert-silenced")).toBeNull();
  });

  it("shows an alert muted by a maintenance window as muted by maintenance", () => {
    renderList([makeAlert({ silenced_by: "maintenance-2" })]);
    expect(text(byTestId("alert-silenced"))).toBe("Muted by maintenance: not notified");
  });

  it("says when and by whom an acknowledged alert was acknowledged, and offers only Resolve", () => {
    renderList([makeAlert({ status: "acknowledged", acknowledged_at: "2026-11-28T10:07:00Z", acknowledged_by: "operator token" })]);
    expect(text(byTestId("alert-status"))).toBe(`Acknowledged ${formatDateTime("2026-11-28T10:07:00Z")} by operator token`);
    expect(byTestId("alert-ack")).toBeNull();
    expect(byTestId("alert-resolve")).not.toBeNull();
  });

  it("acknowledges through the API, disables the buttons while it waits, and shows the returned alert", async () => {
    const server = controlledFetch();
    renderList([flood], server.fetch);
    (byTestId("alert-ack") as HTMLButtonElement).click();
    flushSync();

    expect(server.requests.map((r) => [r.method, new URL(r.url).pathname])).toEqual([
      ["POST", "/api/hackathons/spring-jam/alerts/flood-1/ack"],
    ]);
    expect((byTestId("alert-ack") as HTMLButtonElement).disabled).toBe(true);
    expect((byTestId("alert-resolve") as HTMLButtonElement).disabled).toBe(true);
    expect(text(byTestId("alert-ack"))).toBe("Acknowledging…");

    await server.answer(200, { alert: { ...flood, status: "acknowledged", acknowledged_at: "2026-11-28T10:10:00Z" } });

    expect(byTestId("alert-flood-1")?.getAttribute("data-status")).toBe("acknowledged");
    expect(text(byTestId("alert-status"))).toBe(`Acknowledged ${formatDateTime("2026-11-28T10:10:00Z")}`);
    expect(byTestId("alert-ack")).toBeNull();
    expect((byTestId("alert-resolve") as HTMLButtonElement).disabled).toBe(false);
  });

  it("removes an alert once the API says it is resolved, without waiting for the live channel", async () => {
    const server = controlledFetch();
    renderList([flood, makeAlert({ id: "budget-1" })], server.fetch);
    byTestId("alert-flood-1")!.querySelector<HTMLButtonElement>("[data-testid=alert-resolve]")!.click();
    flushSync();
    expect(new URL(server.requests[0]!.url).pathname).toBe("/api/hackathons/spring-jam/alerts/flood-1/resolve");

    await server.answer(200, {
      alert: { ...flood, status: "resolved", resolved: true, resolved_by: "operator token", resolution_time: "2026-11-28T10:11:00Z" },
    });

    expect(byTestId("alert-flood-1")).toBeNull();
    expect(byTestId("alert-budget-1")).not.toBeNull();
    expect(text(byTestId("open-alert-count"))).toBe("1");
  });

  it("shows a refused action inline and lets the person try again", async () => {
    const server = controlledFetch();
    renderList([flood], server.fetch);
    (byTestId("alert-ack") as HTMLButtonElement).click();
    flushSync();

    await server.answer(409, { error: { code: "conflict", message: "alert is already resolved", issues: [] } });

    expect(byTestId("alert-problem")?.getAttribute("role")).toBe("alert");
    expect(text(byTestId("alert-problem"))).toBe("Could not acknowledge: alert is already resolved");
    expect(byTestId("alert-flood-1")?.getAttribute("data-status")).toBe("open");
    expect((byTestId("alert-ack") as HTMLButtonElement).disabled).toBe(false);
  });

  it("opens the silence dialog from an alert card with its type and series, and says what the silence does once made", async () => {
    const server = controlledFetch();
    renderList([flood, makeAlert({ id: "budget-1" })], server.fetch);
    expect(byTestId("silence-dialog")).toBeNull();
    byTestId("alert-flood-1")!.querySelector<HTMLButtonElement>("[data-testid=alert-silence]")!.click();
    flushSync();

    expect(byTestId("silence-dialog")?.hasAttribute("open")).toBe(true);
    expect((byTestId("silence-type") as HTMLSelectElement).value).toBe("token_flood");
    expect((byTestId("silence-series") as HTMLInputElement).value).toBe("tokens.rate");
    byTestId("silence-dialog")!.querySelector("form")!.requestSubmit();
    flushSync();
    expect(server.requests.map((r) => [r.method, new URL(r.url).pathname])).toEqual([["POST", "/api/hackathons/spring-jam/silences"]]);
    const sent = (await server.requests[0]!.json()) as { matchers: unknown };
    expect(sent.matchers).toEqual({ type: "token_flood", series: "tokens.rate" });

    const endsAt = "2026-11-28T11:10:00Z";
    await server.answer(201, {
      silence: {
        id: "silence-1",
        matchers: { type: "token_flood", series: "tokens.rate" },
        starts_at: "2026-11-28T10:10:00Z",
        ends_at: endsAt,
        reason: "r",
        created_by: "operator token",
        by: "operator token",
        created_at: "2026-11-28T10:10:00Z",
        ended_by: null,
        status: "active",
      },
    });
    expect(byTestId("silence-dialog")).toBeNull();
    expect(text(byTestId("alert-silence-outcome"))).toBe(
      `Silenced until ${formatDateTime(endsAt)}: matching alerts stay listed, without notifications.`,
    );
  });

  it("shows a viewer the alerts' state without acknowledge or resolve buttons, and calls nothing", () => {
    const server = controlledFetch();
    renderList(
      [
        flood,
        makeAlert({ id: "budget-1", status: "acknowledged", acknowledged_at: "2026-11-28T10:07:00Z", acknowledged_by: "operator token" }),
      ],
      server.fetch,
      false,
    );
    expect(byTestId("alert-flood-1")?.getAttribute("data-status")).toBe("open");
    expect(text(byTestId("alert-budget-1")?.querySelector("[data-testid=alert-status]"))).toBe(
      `Acknowledged ${formatDateTime("2026-11-28T10:07:00Z")} by operator token`,
    );
    expect(
      document.querySelectorAll(
        "[data-testid=alert-ack], [data-testid=alert-resolve], [data-testid=alert-silence], [data-testid=alerts] button",
      ),
    ).toHaveLength(0);
    expect(server.requests).toEqual([]);
  });

  it("says so when there are no open alerts", () => {
    renderList([]);
    expect(text(byTestId("open-alert-count"))).toBe("0");
    expect(document.body.textContent).toContain("No open alerts.");
  });
});
