import { describe, expect, it } from "vitest";
import { AUDIT_ACTIONS } from "$contract";
import { AUDIT_ACTION_TEXT, describeAuditDetail } from "$lib/console/audit-text";

describe("audit text", () => {
  it("names every action the contract lists", () => {
    for (const action of AUDIT_ACTIONS) expect(AUDIT_ACTION_TEXT[action]).toMatch(/^[a-z]/);
  });

  it("says what a configuration change moved, and only names polls and members", () => {
    const detail = {
      fields: ["budget", "thresholds.anomaly", "sources.cost.poll", "members"],
      changes: {
        budget: { from: { amount: 100, currency: "EUR" }, to: { amount: 50, currency: "EUR" } },
        "thresholds.anomaly": { from: 0.8, to: 0.9 },
      },
    };
    expect(describeAuditDetail({ action: "hackathon.update", detail })).toBe(
      'budget {"amount":100,"currency":"EUR"} → {"amount":50,"currency":"EUR"}; thresholds.anomaly 0.8 → 0.9; sources.cost.poll; members',
    );
  });

  it("reads a silence's matchers, end and reason", () => {
    const detail = { starts_at: "2026-11-28T10:00:00Z", ends_at: "2026-11-28T11:00:00Z", matchers: { type: "budget" }, reason: "known" };
    expect(describeAuditDetail({ action: "silence.create", detail })).toBe("type budget, until 2026-11-28T11:00:00Z, “known”");
  });

  it("lists other details as they come, and nothing when there is none", () => {
    expect(describeAuditDetail({ action: "test_event.send", detail: { name: "pitwall.test" } })).toBe("name: pitwall.test");
    expect(describeAuditDetail({ action: "hackathon.rotate", detail: null })).toBe("");
  });
});
