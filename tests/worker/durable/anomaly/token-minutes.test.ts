import { describe, expect, it } from "vitest";
import { fakeProvider } from "../../../fixtures/fake-providers/client";
import { alertingHackathon, M, quietTokens, tokens } from "../../../helpers/alerts";
import { uniqueHackathonId } from "../../../helpers/hackathons";
import { reconcileNow } from "../../../helpers/polls";
import { pinClock, runAlarmAt } from "../../../helpers/rooms";

const NOW = Date.parse("2026-11-28T12:00:00Z");
const S = 1000;
const ADMIN_KEY = "sk-admin-test0123456789abcdefghij";

const call = (ts: number, total: number) => tokens(ts, { model: "gpt-4.1-mini", input_tokens: total, output_tokens: 0 });
const rateAlerts = async (h: Awaited<ReturnType<typeof alertingHackathon>>) =>
  (await h.alerts("all")).filter((a) => a.type === "anomaly" && a.series === "tokens.rate");

/** OpenAI's usage API for the day so far: `total` tokens on one model. */
function usageDay(total: number) {
  const day = Math.floor(NOW / 86_400_000) * 86_400;
  const result = {
    object: "organization.usage.completions.result",
    input_tokens: total,
    output_tokens: 0,
    input_cached_tokens: 0,
    input_audio_tokens: 0,
    output_audio_tokens: 0,
    num_model_requests: 1,
    model: "gpt-4.1-mini",
  };
  return [[{ object: "bucket" as const, start_time: day, end_time: day + 86_400, results: [result] }]];
}

/**
 * A hackathon whose tokens a JSON poll also brings: the sender sends its quiet calls, goes quiet,
 * and the first poll (at 30 s) finds `polled`, calls the sender never sent.
 */
async function polledHackathon(polled: ReturnType<typeof call>) {
  const fake = await fakeProvider("json", { answer: { events: [] } });
  const id = uniqueHackathonId();
  await pinClock(id, NOW);
  const poll = { kind: "json" as const, url: `${fake.baseUrl}/usage` };
  const h = await alertingHackathon(NOW, {
    id,
    sources: { tokens: { event_timeout_s: 30, poll_interval_s: 60, reconciliation_interval_s: 300, poll } },
  });
  await h.send(...quietTokens(NOW));
  await fake.update({ state: { answer: { events: [polled] } } });
  await runAlarmAt(h.id, NOW + 30 * S);
  return h;
}

describe("the token rate's minutes", () => {
  it("a slow minute is not unusual: only a rise in the rate alerts", async () => {
    const h = await alertingHackathon(NOW);
    await h.send(...quietTokens(NOW), call(NOW + 10 * S, 10));
    await runAlarmAt(h.id, NOW + 2 * M);
    expect(await rateAlerts(h)).toEqual([]);
    expect((await h.dashboard()).anomalies).toEqual([]);

    // Two ordinary minutes, then a minute at sixty times the usual rate.
    for (const minute of [1, 2, 3]) {
      await pinClock(h.id, NOW + minute * M);
      await h.send(call(NOW + minute * M, minute === 3 ? 60_000 : 1000));
      await runAlarmAt(h.id, NOW + (minute + 1) * M + 2 * S);
    }
    const [rise] = await rateAlerts(h);
    expect(rise?.description).toMatch(/^Unusual token rate: 60,000 tokens in one minute \(mostly gpt-4\.1-mini\)/);
  });

  it("a reconciliation's correction is not counted as calls of the minute it lands in", async () => {
    const fake = await fakeProvider("openai", { adminKey: ADMIN_KEY, pages: usageDay(20_000 + 200_000) });
    const id = uniqueHackathonId();
    await pinClock(id, NOW);
    const h = await alertingHackathon(NOW, {
      id,
      sources: {
        tokens: {
          event_timeout_s: 900,
          poll_interval_s: 300,
          reconciliation_interval_s: 300,
          poll: { kind: "openai-usage", api_base_url: fake.baseUrl, admin_key: ADMIN_KEY },
        },
      },
    });
    await h.send(...quietTokens(NOW));
    // The provider counts 200,000 tokens more than the calls sent: the correction adds them now.
    await reconcileNow(h.id, "tokens");
    const correctedAt = NOW + 5 * M;
    expect((await h.dashboard()).token_metrics.total_consumed).toBe(220_000);
    await pinClock(h.id, correctedAt + 5 * S);
    await h.send(call(correctedAt + 5 * S, 1000));
    await runAlarmAt(h.id, correctedAt + 2 * M);
    expect(await rateAlerts(h)).toEqual([]);
    expect((await h.dashboard()).anomalies).toEqual([]);
  });

  it("a minute whose calls a poll brought is not scored", async () => {
    // The sender goes quiet; the first poll finds 60,000 tokens of calls it never sent.
    const h = await polledHackathon(call(NOW + 20 * S, 60_000));
    expect((await h.dashboard()).token_metrics.total_consumed).toBe(80_000);
    await runAlarmAt(h.id, NOW + M + 2 * S);
    expect(await rateAlerts(h)).toEqual([]);
    expect((await h.dashboard()).anomalies).toEqual([]);
  });

  it("a flood the sender made in a minute a poll also brought calls into is scored, without the polled calls", async () => {
    // A poll brings 45,000 tokens of calls into the minute; the sender's own flood lands in it after.
    const h = await polledHackathon(call(NOW + 10 * S, 45_000));
    expect((await h.dashboard()).token_metrics.total_consumed).toBe(65_000);
    await pinClock(h.id, NOW + 40 * S);
    await h.send(call(NOW + 40 * S, 60_000));
    await runAlarmAt(h.id, NOW + M + 2 * S);
    const [flood] = await rateAlerts(h);
    expect(flood?.description).toMatch(/^Unusual token rate: 60,000 tokens in one minute \(mostly gpt-4\.1-mini\)/);
  });
});
