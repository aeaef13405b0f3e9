import { describe, expect, it } from "vitest";
import { pollOpenAiUsage } from "../../../worker/src/pollers/openai-usage";
import { fakeProvider } from "../../fixtures/fake-providers/client";
import type { OpenAiBucket } from "../../fixtures/fake-providers/openai";
import { pollContext, pollError, SINCE } from "./poll-context";

const ADMIN_KEY = "sk-admin-test0123456789abcdefghij";
const DAY = 86_400;
const START = Math.floor(SINCE / 1000);

function result(model: string | null, input: number, output: number, extra: Record<string, unknown> = {}) {
  return {
    object: "organization.usage.completions.result",
    input_tokens: input,
    output_tokens: output,
    input_cached_tokens: 0,
    input_audio_tokens: 0,
    output_audio_tokens: 0,
    num_model_requests: 1,
    project_id: null,
    user_id: null,
    api_key_id: null,
    model,
    batch: null,
    service_tier: null,
    ...extra,
  };
}

function bucket(day: number, ...results: ReturnType<typeof result>[]): OpenAiBucket {
  return { object: "bucket", start_time: START + day * DAY, end_time: START + (day + 1) * DAY, results };
}

async function org(pages: OpenAiBucket[][]) {
  const fake = await fakeProvider("openai", { adminKey: ADMIN_KEY, pages });
  const config = { kind: "openai-usage" as const, api_base_url: fake.baseUrl, admin_key: ADMIN_KEY };
  return { fake, config };
}

describe("pollOpenAiUsage", () => {
  it("sums input and output tokens per model across two pages, emitting no events", async () => {
    const { config } = await org([
      [bucket(0, result("gpt-5", 1000, 200), result("gpt-5-mini", 50, 10))],
      [bucket(1, result("gpt-5", 300, 100))],
    ]);
    const ctx = pollContext("tokens", { now: (START + 10 * DAY) * 1000 });
    const { events, truth } = await pollOpenAiUsage(config, ctx);
    expect(events).toEqual([]);
    expect(truth).toEqual({ value: 1660, dataUntil: (START + 2 * DAY) * 1000, breakdown: { "gpt-5": 1600, "gpt-5-mini": 60 } });
  });

  it("does not add cached input again, since input_tokens already includes it", async () => {
    const { config } = await org([[bucket(0, result("gpt-5", 1000, 0, { input_cached_tokens: 800 }))]]);
    const { truth } = await pollOpenAiUsage(config, pollContext("tokens"));
    expect(truth?.value).toBe(1000);
  });

  it("counts audio tokens, which input_tokens and output_tokens leave out", async () => {
    const { config } = await org([[bucket(0, result("gpt-realtime", 10, 20, { input_audio_tokens: 300, output_audio_tokens: 400 }))]]);
    const { truth } = await pollOpenAiUsage(config, pollContext("tokens"));
    expect(truth?.value).toBe(730);
  });

  it("caps freshness at now, because today's bucket ends at midnight", async () => {
    const { config } = await org([[bucket(0, result("gpt-5", 1, 1))]]);
    const ctx = pollContext("tokens", { now: (START + 3600) * 1000 });
    const { truth } = await pollOpenAiUsage(config, ctx);
    expect(truth?.dataUntil).toBe(ctx.now);
  });

  it("reports no freshness while no bucket has data", async () => {
    const { config } = await org([[bucket(0), bucket(1)]]);
    const { truth } = await pollOpenAiUsage(config, pollContext("tokens"));
    expect(truth).toEqual({ value: 0, dataUntil: null, breakdown: {} });
  });

  it("asks for daily buckets grouped by model since the start, in the configured projects, with the admin key", async () => {
    const { fake, config } = await org([[bucket(0)], [bucket(1)]]);
    await pollOpenAiUsage({ ...config, project_ids: ["proj_a", "proj_b"] }, pollContext("tokens"));
    const requests = await fake.requests();
    const params = (i: number) => [...new URL(`http://x${requests[i]?.url}`).searchParams];
    expect(params(0)).toEqual([
      ["start_time", String(START)],
      ["bucket_width", "1d"],
      ["limit", "31"],
      ["group_by[]", "model"],
      ["project_ids[]", "proj_a"],
      ["project_ids[]", "proj_b"],
    ]);
    expect(params(1)).toContainEqual(["page", "page_1"]);
    expect(requests.map((r) => r.headers.authorization)).toEqual([`Bearer ${ADMIN_KEY}`, `Bearer ${ADMIN_KEY}`]);
  });

  it("fails with retry-after's delay on a 429", async () => {
    const { fake, config } = await org([[bucket(0)]]);
    await fake.fail({
      status: 429,
      headers: { "retry-after": "20" },
      body: { error: { message: "Rate limit reached", type: "rate_limit_error" } },
    });
    const err = await pollError(pollOpenAiUsage(config, pollContext("tokens")));
    expect(err.message).toBe("OpenAI answered HTTP 429 (rate limited)");
    expect(err.retryAfterMs).toBe(20_000);
  });

  it("fails on malformed JSON and on results without the documented token fields", async () => {
    const { fake, config } = await org([[bucket(0)]]);
    await fake.fail({ status: 200, body: "oops" });
    expect((await pollError(pollOpenAiUsage(config, pollContext("tokens")))).message).toBe("OpenAI answered 200 with malformed JSON");
    await fake.fail({
      status: 200,
      body: { object: "page", data: [{ start_time: 1, end_time: 2, results: [{ output_tokens: 1 }] }], has_more: false },
    });
    expect((await pollError(pollOpenAiUsage(config, pollContext("tokens")))).message).toBe(
      "OpenAI answered in an unexpected shape (data.0.results.0.input_tokens: Invalid input: expected number, received undefined)",
    );
  });

  it("fails without an admin key, and never shows the key when OpenAI echoes it back", async () => {
    const { config } = await org([[bucket(0)]]);
    expect((await pollError(pollOpenAiUsage({ ...config, admin_key: undefined }, pollContext("tokens")))).message).toBe(
      "admin_key is not configured",
    );
    const wrongKey = "sk-admin-wrong0123456789abcdefghij";
    const err = await pollError(pollOpenAiUsage({ ...config, admin_key: wrongKey }, pollContext("tokens")));
    expect(err.message).toBe("OpenAI answered HTTP 401 (credentials refused)");
    expect(err.message).not.toContain(wrongKey);
  });
});
