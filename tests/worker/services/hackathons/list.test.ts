import { describe, expect, it } from "vitest";
import { HackathonSummarySchema } from "../../../../worker/src/contract";
import { toHackathonSummary } from "../../../../worker/src/services/hackathons/list";

/** A registry row as objects wrote it before reads named credentials_set and cut URLs to their origin. */
function oldRow() {
  const source = (poll: unknown) => ({ event_timeout_s: 30, poll_interval_s: 60, reconciliation_interval_s: 300, poll });
  const config = {
    id: "old-row",
    name: "Old",
    status: "active",
    budget: { amount: 100, currency: "USD" },
    starts_at: "2026-11-27T09:00:00.000Z",
    ends_at: null,
    public: false,
    thresholds: { budget_warning: 0.8, budget_critical: 0.95, anomaly: 0.8, alert_hold_s: 300 },
    sources: {
      cost: source({ kind: "json", url: "https://billing.example.com/spend?api_key=sk_live_old" }),
      tasks: source(null),
      tokens: source({ kind: "openai-usage", api_base_url: "https://proxy.example.com/openai" }),
      performance: source(null),
    },
    integrations: {},
    created_at: "2026-11-27T09:00:00.000Z",
    updated_at: "2026-11-27T09:00:00.000Z",
  };
  return {
    id: "old-row",
    name: "Old",
    status: "active",
    config: JSON.stringify(config),
    // What migration 0002 gives rows written before members.
    members: "{}",
    currentSpend: 0,
    budgetUsed: 0,
    burnRate: 0,
    percentComplete: 0,
    estimatedCompletion: null,
    tokenRate: 0,
    openAlerts: '{"info":0,"warning":0,"critical":0}',
    sourceModes: JSON.stringify({ cost: "event", tasks: "event", tokens: "event", performance: "event" }),
    createdAt: 0,
    summaryUpdatedAt: null,
  };
}

describe("toHackathonSummary", () => {
  it("reads a row written before credentials_set in today's shape, URLs cut to their origin", () => {
    const summary = HackathonSummarySchema.parse(toHackathonSummary(oldRow()));
    expect(summary.sources.cost.poll).toEqual({ kind: "json", url: "https://billing.example.com", credentials_set: [] });
    expect(summary.sources.tokens.poll).toEqual({ kind: "openai-usage", api_base_url: "https://proxy.example.com", credentials_set: [] });
    expect(JSON.stringify(summary)).not.toContain("sk_live_old");
  });
});
