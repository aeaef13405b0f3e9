import { describe, expect, it } from "vitest";
import { checkSettings, type SettingsValues, settingsValues } from "$lib/console/settings-form";
import { fromLocalInput, toLocalInput } from "$lib/console/form-values";
import { makeHackathon, SOURCES_WITH_COST_POLL } from "../fixtures/hackathon";

const stored = makeHackathon({
  starts_at: "2026-11-28T08:00:42.123Z",
  thresholds: { budget_warning: 0.57, budget_critical: 0.95, anomaly: 0.8, alert_hold_s: 300 },
  sources: SOURCES_WITH_COST_POLL,
  integrations: { gcp_billing: { service_account_email: "push@proj.iam.gserviceaccount.com" } },
});
const before = settingsValues(stored);
const edited = (change: (values: SettingsValues) => void): SettingsValues => {
  const values = structuredClone(before);
  change(values);
  return values;
};

describe("settingsValues", () => {
  it("shows thresholds as percentages and times in the viewer's zone", () => {
    expect(before.thresholds).toEqual({ budget_warning: "57", budget_critical: "95", anomaly: "80", alert_hold_s: "300" });
    expect(before.startsAt).toBe(toLocalInput(Date.parse(stored.starts_at)));
    expect(before.status).toBe("active");
    expect(settingsValues(makeHackathon({ status: "archived" })).status).toBeNull();
    expect(settingsValues(makeHackathon({ members: undefined })).members).toBeNull();
  });
});

describe("checkSettings", () => {
  it("sends nothing when nothing changed, even where the form shows less than is stored (seconds, 0.57)", () => {
    expect(checkSettings(stored, before, structuredClone(before))).toEqual({ ok: true, patch: {} });
  });

  it("sends only the changed fields: never a poll or key left alone", () => {
    const now = edited((v) => {
      v.amount = "1200";
      v.thresholds.anomaly = "90";
      v.timings.tokens.event_timeout_s = "600";
      v.public = true;
    });
    expect(checkSettings(stored, before, now)).toEqual({
      ok: true,
      patch: {
        budget: { amount: 1200, currency: "USD" },
        thresholds: { anomaly: 0.9 },
        sources: { tokens: { event_timeout_s: 600 } },
        public: true,
      },
    });
  });

  it("sends a new end, a removed end as null, and an emptied integration field as null", () => {
    const ends = toLocalInput(Date.parse("2026-12-01T08:00:00Z"));
    const moved = checkSettings(
      stored,
      before,
      edited((v) => (v.endsAt = ends)),
    );
    expect(moved).toEqual({ ok: true, patch: { ends_at: fromLocalInput(ends) } });
    expect(
      checkSettings(
        stored,
        before,
        edited((v) => (v.endsAt = "")),
      ),
    ).toEqual({ ok: true, patch: { ends_at: null } });
    const gcp = checkSettings(
      stored,
      before,
      edited((v) => (v.gcp.service_account_email = "")),
    );
    expect(gcp).toEqual({ ok: true, patch: { integrations: { gcp_billing: { service_account_email: null } } } });
  });

  it("sends the whole members map when it changed", () => {
    const now = edited((v) => v.members?.push({ key: "Bo@Example.org", role: "operator" }));
    expect(checkSettings(stored, before, now)).toEqual({
      ok: true,
      patch: { members: { "ada@example.com": "operator", "*@example.com": "viewer", "bo@example.org": "operator" } },
    });
  });

  it("sends an edited poll whole, without the stored key unless one is typed", () => {
    const now = edited((v) => {
      v.polls.cost = { editing: true, kind: "openai-usage", fields: { project_ids: "p9" }, secret: "" };
    });
    expect(checkSettings(stored, before, now)).toEqual({
      ok: true,
      patch: { sources: { cost: { poll: { kind: "openai-usage", project_ids: ["p9"] } } } },
    });
  });

  it("refuses every bad field at once, under the API's paths, and sends nothing", () => {
    const now = edited((v) => {
      v.name = "";
      v.amount = "many";
      v.thresholds.budget_warning = "180";
      v.timings.cost.poll_interval_s = "0";
      v.members?.push({ key: "not an email", role: "viewer" });
      v.polls.tasks = { editing: true, kind: "github-issues", fields: {}, secret: "" };
    });
    const check = checkSettings(stored, before, now);
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(Object.keys(check.errors).sort()).toEqual([
      "budget.amount",
      "members.not an email",
      "name",
      "sources.cost.poll_interval_s",
      "sources.tasks.poll.repo",
      "thresholds.budget_warning",
    ]);
    expect(check.errors["budget.amount"]).toEqual(["Enter a number"]);
  });

  it("judges the end against the stored start, as the server judges the merged config", () => {
    const early = toLocalInput(Date.parse("2026-11-28T07:00:00Z"));
    const check = checkSettings(
      stored,
      before,
      edited((v) => (v.endsAt = early)),
    );
    expect(check).toEqual({ ok: false, errors: { ends_at: ["must be after starts_at"] } });
  });
});
