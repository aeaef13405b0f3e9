import { describe, expect, it } from "vitest";
import { flushSync } from "svelte";
import type { MaintenanceWindow } from "$contract";
import type { ApiClient } from "$lib/api/client";
import MaintenanceBanner from "$lib/dashboard/MaintenanceBanner.svelte";
import MaintenancePanel from "$lib/dashboard/MaintenancePanel.svelte";
import { fromLocalInput, toLocalInput } from "$lib/dashboard/maintenance-state";
import { formatDateTime, utcTitle } from "$lib/format/format";
import { byTestId, render } from "../helpers/render";
import { fakeApi, settle } from "../helpers/fake-api";
import { makeWindow } from "../fixtures/notifications";

const BASE = "/api/hackathons/spring-jam/maintenance";
const text = (element: Element | null | undefined) => element?.textContent?.replace(/\s+/g, " ").trim();

const active = makeWindow();
const scheduled = makeWindow({
  id: "maintenance-2",
  title: "Provider migration",
  status: "scheduled",
  starts_at: "2026-11-29T01:00:00Z",
  ends_at: "2026-11-29T02:00:00Z",
});
const completed = makeWindow({
  id: "maintenance-0",
  title: "Cache flush",
  status: "completed",
  starts_at: "2026-11-27T01:00:00Z",
  ends_at: "2026-11-27T01:30:00Z",
});

function renderPanel(api: ApiClient, windows: MaintenanceWindow[] | null, canManage: boolean, reloads: string[] = []) {
  render(MaintenancePanel, {
    windows,
    canManage,
    api,
    hackathonId: "spring-jam",
    reload: async () => {
      reloads.push("reload");
    },
  });
}

function fill(name: string, value: string): void {
  const input = byTestId("maintenance-form")?.querySelector(`input[name="${name}"]`) as HTMLInputElement;
  input.value = value;
  input.dispatchEvent(new Event("input", { bubbles: true }));
  flushSync();
}

describe("MaintenanceBanner", () => {
  it("says which window is active, until when (viewer's zone, UTC in the title), and that notifications are paused", () => {
    render(MaintenanceBanner, { maintenance: active });
    const banner = byTestId("maintenance-banner");
    expect(banner?.getAttribute("role")).toBe("status");
    expect(text(banner)).toBe(`Maintenance: Database upgrade until ${formatDateTime(active.ends_at)} — notifications are paused`);
    expect(banner?.querySelector("time")?.getAttribute("title")).toBe(utcTitle(active.ends_at));
  });
});

describe("MaintenancePanel", () => {
  it("lists windows with title, status, start and end, and offers a viewer no form or buttons", () => {
    renderPanel(fakeApi({}, "pwv_viewer").api, [scheduled, active, completed], false);
    const rows = [...(byTestId("maintenance-list")?.querySelectorAll("tbody tr") ?? [])];
    expect(rows.map((row) => [...row.querySelectorAll("td")].map((td) => text(td)))).toEqual([
      ["Provider migration", "scheduled", formatDateTime(scheduled.starts_at), formatDateTime(scheduled.ends_at)],
      ["Database upgrade", "active", formatDateTime(active.starts_at), formatDateTime(active.ends_at)],
      ["Cache flush", "completed", formatDateTime(completed.starts_at), formatDateTime(completed.ends_at)],
    ]);
    expect(byTestId("maintenance-form")).toBeNull();
    expect(byTestId("maintenance-end")).toBeNull();
  });

  it("says when nothing is planned", () => {
    renderPanel(fakeApi({}).api, [], true);
    expect(text(byTestId("maintenance-empty"))).toBe("No planned downtime.");
  });

  it("lets an operator (or the admin) plan a window starting now and reads the list again; the server records who", async () => {
    const { api, requests } = fakeApi({ [`POST ${BASE}`]: { status: 201, body: { maintenance: active } } });
    const reloads: string[] = [];
    renderPanel(api, [], true, reloads);
    const end = toLocalInput(Date.now() + 2 * 3_600_000);
    fill("title", "Database upgrade");
    fill("ends_at", end);
    (byTestId("maintenance-form-submit") as HTMLButtonElement).click();
    await settle();

    expect(requests.map((r) => [r.method, r.path, r.body])).toEqual([
      ["POST", BASE, { title: "Database upgrade", ends_at: fromLocalInput(end) }],
    ]);
    expect(reloads).toEqual(["reload"]);
    expect((byTestId("maintenance-form-title") as HTMLInputElement).value).toBe("");
    expect(byTestId("maintenance-problem")).toBeNull();
  });

  it("sends a chosen start, and refuses an end before the start without asking the API", async () => {
    const { api, requests } = fakeApi({ [`POST ${BASE}`]: { status: 201, body: { maintenance: scheduled } } });
    renderPanel(api, [], true);
    const start = toLocalInput(Date.now() + 5 * 3_600_000);
    fill("title", "Provider migration");
    fill("starts_at", start);
    fill("ends_at", toLocalInput(Date.now() + 4 * 3_600_000));
    (byTestId("maintenance-form-submit") as HTMLButtonElement).click();
    await settle();
    expect(text(byTestId("maintenance-problem"))).toBe("The end must be after the start.");
    expect(requests).toEqual([]);

    const end = toLocalInput(Date.now() + 6 * 3_600_000);
    fill("ends_at", end);
    (byTestId("maintenance-form-submit") as HTMLButtonElement).click();
    await settle();
    expect(requests.map((r) => r.body)).toEqual([
      { title: "Provider migration", starts_at: fromLocalInput(start), ends_at: fromLocalInput(end) },
    ]);
  });

  it("ends an active window and cancels a scheduled one through the API", async () => {
    const { api, requests } = fakeApi({
      [`DELETE ${BASE}/maintenance-1`]: { status: 200, body: { maintenance: { ...active, status: "completed" } } },
      [`DELETE ${BASE}/maintenance-2`]: { status: 200, body: { maintenance: { ...scheduled, status: "completed" } } },
    });
    const reloads: string[] = [];
    renderPanel(api, [scheduled, active, completed], true, reloads);
    const buttons = [...document.querySelectorAll<HTMLButtonElement>("[data-testid=maintenance-end]")];
    expect(buttons.map((b) => [text(b), b.getAttribute("aria-label")])).toEqual([
      ["Cancel", "Cancel “Provider migration” now"],
      ["End", "End “Database upgrade” now"],
    ]);
    buttons[1]!.click();
    await settle();
    buttons[0]!.click();
    await settle();
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([`DELETE ${BASE}/maintenance-1`, `DELETE ${BASE}/maintenance-2`]);
    expect(reloads).toEqual(["reload", "reload"]);
  });

  it("shows the API's refusal to end a window", async () => {
    const refusal = { status: 401, body: { error: { code: "unauthorized", message: "Admin token required", issues: [] } } };
    const { api } = fakeApi({ [`DELETE ${BASE}/maintenance-1`]: refusal });
    renderPanel(api, [active], true);
    (byTestId("maintenance-end") as HTMLButtonElement).click();
    await settle();
    expect(text(byTestId("maintenance-problem"))).toBe("Could not end “Database upgrade”: Admin token required");
  });
});
