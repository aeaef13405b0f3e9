import { describe, expect, it } from "vitest";
import { pollAnthropicUsage } from "../../../worker/src/pollers/anthropic-usage";
import { fakeProvider } from "../../fixtures/fake-providers/client";
import type { AnthropicBucket } from "../../fixtures/fake-providers/anthropic";
import { pollContext, pollError } from "./poll-context";

const ADMIN_KEY = "sk-ant-admin01-test0123456789abcdefghij";
const DAY_MS = 86_400_000;
const dayStart = (day: number) => new Date(Date.parse("2026-11-27T00:00:00Z") + day * DAY_MS).toISOString().replace(".000", "");

type Usage = { uncached: number; write1h?: number; write5m?: number; read?: number; output: number };

function result(model: string | null, u: Usage) {
  return {
    uncached_input_tokens: u.uncached,
    cache_creation: { ephemeral_1h_input_tokens: u.write1h ?? 0, ephemeral_5m_input_tokens: u.write5m ?? 0 },
    cache_read_input_tokens: u.read ?? 0,
    output_tokens: u.output,
    server_tool_use: { web_search_requests: 0 },
    api_key_id: null,
    workspace_id: null,
    model,
    service_tier: null,
    context_window: null,
  };
}

function bucket(day: number, ...results: ReturnType<typeof result>[]): AnthropicBucket {
  return { starting_at: dayStart(day), ending_at: dayStart(day + 1), results };
}

async function org(pages: AnthropicBucket[][]) {
  const fake = await fakeProvider("anthropic", { adminKey: ADMIN_KEY, pages });
  const config = { kind: "anthropic-usage" as const, api_base_url: fake.baseUrl, admin_key: ADMIN_KEY };
  return { fake, config };
}

const later = Date.parse("2026-12-31T00:00:00Z");

describe("pollAnthropicUsage", () => {
  it("sums tokens per model across two pages, emitting no events", async () => {
    const { config } = await org([
      [bucket(0, result("claude-sonnet-4-5", { uncached: 1000, output: 200 }), result("claude-haiku-4-5", { uncached: 10, output: 5 }))],
      [bucket(1, result("claude-sonnet-4-5", { uncached: 100, output: 50 }))],
    ]);
    const { events, truth } = await pollAnthropicUsage(config, pollContext("tokens", { now: later }));
    expect(events).toEqual([]);
    expect(truth).toEqual({
      value: 1365,
      dataUntil: Date.parse(dayStart(2)),
      breakdown: { "claude-sonnet-4-5": 1350, "claude-haiku-4-5": 15 },
    });
  });

  it("adds uncached input, both nested cache_creation fields, cache reads and output", async () => {
    const { config } = await org([
      [bucket(0, result("claude-opus-4-1", { uncached: 1, write1h: 20, write5m: 300, read: 4000, output: 50000 }))],
    ]);
    const { truth } = await pollAnthropicUsage(config, pollContext("tokens", { now: later }));
    expect(truth?.value).toBe(54321);
  });

  it("files results without a model under unknown", async () => {
    const { config } = await org([[bucket(0, result(null, { uncached: 7, output: 0 }))]]);
    const { truth } = await pollAnthropicUsage(config, pollContext("tokens", { now: later }));
    expect(truth?.breakdown).toEqual({ unknown: 7 });
  });

  it("asks for daily buckets grouped by model from an RFC 3339 start, with the admin key and API version", async () => {
    const { fake, config } = await org([[bucket(0)], [bucket(1)]]);
    await pollAnthropicUsage({ ...config, workspace_ids: ["wrkspc_a"] }, pollContext("tokens"));
    const requests = await fake.requests();
    const params = new URL(`http://x${requests[0]?.url}`).searchParams;
    expect([...params]).toEqual([
      ["starting_at", "2026-11-27T09:00:00Z"],
      ["bucket_width", "1d"],
      ["limit", "31"],
      ["group_by[]", "model"],
      ["workspace_ids[]", "wrkspc_a"],
    ]);
    expect(new URL(`http://x${requests[1]?.url}`).searchParams.get("page")).toBe("page_1");
    expect(requests[0]?.headers).toMatchObject({ "x-api-key": ADMIN_KEY, "anthropic-version": "2023-06-01" });
  });

  it("fails with retry-after's delay on a 429", async () => {
    const { fake, config } = await org([[bucket(0)]]);
    await fake.fail({
      status: 429,
      headers: { "retry-after": "45" },
      body: { type: "error", error: { type: "rate_limit_error", message: "Rate limited" } },
    });
    const err = await pollError(pollAnthropicUsage(config, pollContext("tokens")));
    expect(err.message).toBe("Anthropic answered HTTP 429 (rate limited)");
    expect(err.retryAfterMs).toBe(45_000);
  });

  it("fails on malformed JSON and on a flat cache_creation count instead of the nested object", async () => {
    const { fake, config } = await org([[bucket(0)]]);
    await fake.fail({ status: 200, body: "{" });
    expect((await pollError(pollAnthropicUsage(config, pollContext("tokens")))).message).toBe("Anthropic answered 200 with malformed JSON");
    const flat = { ...result("m", { uncached: 1, output: 1 }), cache_creation: 5 };
    await fake.fail({ status: 200, body: { data: [{ ...bucket(0), results: [flat] }], has_more: false, next_page: null } });
    expect((await pollError(pollAnthropicUsage(config, pollContext("tokens")))).message).toBe(
      "Anthropic answered in an unexpected shape (data.0.results.0.cache_creation: Invalid input: expected object, received number)",
    );
  });

  it("fails when has_more comes without a cursor, rather than loop or stop short", async () => {
    const { fake, config } = await org([[bucket(0)]]);
    await fake.fail({ status: 200, body: { data: [], has_more: true, next_page: null } });
    expect((await pollError(pollAnthropicUsage(config, pollContext("tokens")))).message).toBe(
      "Anthropic said has_more without a next_page cursor",
    );
  });

  it("never shows the admin key when Anthropic echoes it back", async () => {
    const { config } = await org([[bucket(0)]]);
    const wrongKey = "sk-ant-admin01-wrong0123456789abcdefghij";
    const err = await pollError(pollAnthropicUsage({ ...config, admin_key: wrongKey }, pollContext("tokens")));
    // The status only: a provider's error text never reaches a failure reason.
    expect(err.message).toBe("Anthropic answered HTTP 401 (credentials refused)");
    expect(err.message).not.toContain(wrongKey);
  });
});
