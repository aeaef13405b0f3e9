import { describe, expect, it } from "vitest";
import { flushSync } from "svelte";
import SettingsForm from "$lib/console/SettingsForm.svelte";
import type { Hackathon } from "$contract";
import { fakeApi, settle } from "../helpers/fake-api";
import { byTestId, render } from "../helpers/render";
import { makeHackathon, SOURCES_WITH_COST_POLL } from "../fixtures/hackathon";

const BASE = "/api/hackathons/spring-jam";
const stored = makeHackathon({ sources: SOURCES_WITH_COST_POLL });

function type(testid: string, value: string): void {
  const input = byTestId(testid) as HTMLInputElement;
  input.value = value;
  input.dispatchEvent(new Event("input", { bubbles: true }));
  flushSync();
}

function submit(): void {
  (byTestId("settings-form") as HTMLFormElement).requestSubmit();
  flushSync();
}

function renderForm(routes: Parameters<typeof fakeApi>[0]) {
  const fake = fakeApi(routes);
  const saved: Hackathon[] = [];
  render(SettingsForm, { api: fake.api, hackathon: stored, onsaved: (h) => saved.push(h) });
  return { ...fake, saved };
}

describe("SettingsForm", () => {
  it("sends one PATCH of the changed field only and shows the saved hackathon", async () => {
    const { requests, saved } = renderForm({
      [`PATCH ${BASE}`]: { status: 200, body: makeHackathon({ budget: { amount: 1500, currency: "USD" } }) },
    });
    type("settings-budget", "1500");
    submit();
    await settle();
    expect(requests.map((r) => [r.method, r.path, r.body])).toEqual([["PATCH", BASE, { budget: { amount: 1500, currency: "USD" } }]]);
    expect(saved.map((h) => h.budget.amount)).toEqual([1500]);
    expect(byTestId("settings-saved")?.textContent).toBe("Saved: budget.");
  });

  it("shows the stored poll credential as set, never its value, and leaves it out of a save", async () => {
    const { requests } = renderForm({ [`PATCH ${BASE}`]: { status: 200, body: stored } });
    expect(byTestId("poll-cost-set-admin_key")?.textContent).toBe("admin_key set");
    type("settings-name", "Spring Jam 2");
    submit();
    await settle();
    expect(requests[0]?.body).toEqual({ name: "Spring Jam 2" });
  });

  it("refuses a bad field beside it and sends nothing", async () => {
    const { requests } = renderForm({});
    type("settings-budget_warning", "180");
    submit();
    await settle();
    expect(requests).toEqual([]);
    const input = byTestId("settings-budget_warning");
    expect(input?.getAttribute("aria-invalid")).toBe("true");
    expect(document.getElementById(input?.getAttribute("aria-describedby") ?? "")?.textContent).toMatch(/1/);
    expect(byTestId("settings-errors")?.textContent).toContain("Nothing was saved");
  });

  it("puts the API's field errors beside the fields and says nothing was saved", async () => {
    renderForm({
      [`PATCH ${BASE}`]: {
        status: 400,
        body: {
          error: { code: "validation_failed", message: "Invalid", issues: [{ path: "budget.amount", message: "refused: too large" }] },
        },
      },
    });
    type("settings-budget", "2000");
    submit();
    await settle();
    expect(byTestId("field-error-budget.amount")?.textContent).toBe("refused: too large");
    expect(byTestId("settings-budget")?.getAttribute("aria-invalid")).toBe("true");
    expect(byTestId("settings-errors")?.textContent).toContain("Could not save: see the fields marked. Nothing was saved.");
  });
});
