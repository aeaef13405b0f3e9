// Runs in the "worker-rate-limits" vitest project, whose bindings carry low limits (vitest.config.ts).
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { ErrorBodySchema } from "../../../worker/src/contract";
import { RATE_LIMIT_POLICIES, type RateLimitPolicyName } from "../../../worker/src/middleware/rate-limit";
import { ADMIN_TOKEN, api, apiJson } from "../../helpers/api";
import { createHackathon } from "../../helpers/hackathons";
import { roomOf } from "../../helpers/rooms";
import { costEvent, postEvents, signHeaders } from "../../helpers/webhooks";

/**
 * The local limiter's windows are aligned to the wall clock, so a run may straddle one roll-over
 * and see its counter reset once: the cap leaves room for that, and never for a missing limit.
 */
const MAX_ATTEMPTS = 40;

/** Sends until the first refusal; returns it with how many were let through before it. */
async function sendUntilRefused(send: () => Promise<Response>): Promise<{ refused: Response; passed: Response[] }> {
  const passed: Response[] = [];
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const response = await send();
    if (response.status === 429) return { refused: response, passed };
    passed.push(response);
  }
  throw new Error(`no 429 after ${MAX_ATTEMPTS} requests`);
}

async function expectRateLimited(response: Response, policy: RateLimitPolicyName) {
  expect(response.status).toBe(429);
  expect(response.headers.get("retry-after")).toBe(String(RATE_LIMIT_POLICIES[policy].periodSeconds));
  const body = ErrorBodySchema.parse(await response.json());
  expect(body.error.code).toBe("rate_limited");
}

async function spendOf(id: string, token: string): Promise<number> {
  const { body } = await apiJson<{ cost_metrics: { current_spend: number } }>(`/api/hackathons/${id}/dashboard`, { token });
  return body.cost_metrics.current_spend;
}

describe("rate limits", () => {
  it("refuses a webhook flood on one hackathon with 429 + Retry-After, and stores nothing of the refused request", async () => {
    const h = await createHackathon();
    const { refused, passed } = await sendUntilRefused(() => postEvents(h.hackathon.id, h.webhook_secret, costEvent({ amount: 1 })));
    expect(passed.every((r) => r.status === 200)).toBe(true);
    await expectRateLimited(refused, "webhooks");
    expect(await spendOf(h.hackathon.id, h.viewer_token)).toBe(passed.length);
  });

  it("counts each hackathon apart: a flooded one leaves another's webhooks flowing", async () => {
    const flooded = await createHackathon();
    const quiet = await createHackathon();
    await sendUntilRefused(() => postEvents(flooded.hackathon.id, flooded.webhook_secret, costEvent({ amount: 1 })));
    const response = await postEvents(quiet.hackathon.id, quiet.webhook_secret, costEvent({ amount: 2 }));
    expect(response.status).toBe(200);
    expect(await spendOf(quiet.hackathon.id, quiet.viewer_token)).toBe(2);
  });

  it("limits the sender webhooks under the same policy, before the sender authenticates anything", async () => {
    const h = await createHackathon();
    const { refused, passed } = await sendUntilRefused(() =>
      api(`/webhooks/${h.hackathon.id}/github`, { method: "POST", token: null, json: {}, headers: { "x-github-event": "ping" } }),
    );
    expect(passed.every((r) => r.status !== 429)).toBe(true);
    await expectRateLimited(refused, "webhooks");
  });

  it("limits public status reads per client IP, and another IP is still served", async () => {
    const h = await createHackathon({ public: true });
    const fromIp = (ip: string) => api(`/api/public/${h.hackathon.id}/status`, { token: null, headers: { "cf-connecting-ip": ip } });
    const { refused, passed } = await sendUntilRefused(() => fromIp("203.0.113.7"));
    expect(passed.every((r) => r.status === 200)).toBe(true);
    await expectRateLimited(refused, "public");
    // A status widget on another site can read the refusal and when to come back.
    expect(refused.headers.get("access-control-allow-origin")).toBe("*");
    expect((await fromIp("203.0.113.8")).status).toBe(200);
  });

  it("counts the status pages and badge in the same public budget", async () => {
    const h = await createHackathon({ public: true });
    const paths = [`/status/${h.hackathon.id}`, `/status/${h.hackathon.id}/badge.svg`, `/status/${h.hackathon.id}/feed.atom`];
    let n = 0;
    const { refused, passed } = await sendUntilRefused(() =>
      api(paths[n++ % paths.length]!, { token: null, headers: { "cf-connecting-ip": "198.51.100.23" } }),
    );
    expect(passed.every((r) => r.status === 200)).toBe(true);
    await expectRateLimited(refused, "public");
  });

  it("limits live tickets per hackathon and client address: the refused request issues no ticket, another address still gets one", async () => {
    const h = await createHackathon();
    const issue = (token: string, ip: string) =>
      api(`/api/hackathons/${h.hackathon.id}/ticket`, { method: "POST", token, headers: { "cf-connecting-ip": ip } });
    const { refused, passed } = await sendUntilRefused(() => issue(h.viewer_token, "203.0.113.50"));
    expect(passed.every((r) => r.status === 201)).toBe(true);
    const body = await refused.clone().text();
    expect(body).not.toContain("pwt_");
    await expectRateLimited(refused, "tickets");
    // The viewer token is shared by every wall screen and team: one of them cannot lock out the others.
    expect((await issue(h.viewer_token, "203.0.113.51")).status).toBe(201);
    expect((await issue(ADMIN_TOKEN, "203.0.113.52")).status).toBe(201);
    // An IPv6 client holds a whole /64: a new address in it each time still meets one counter.
    let host = 0;
    const { refused: fromPrefix } = await sendUntilRefused(() => issue(h.viewer_token, `2001:db8:1:2::${(++host).toString(16)}`));
    await expectRateLimited(fromPrefix, "tickets");
  });

  it("limits test events per hackathon: the refused one is not ingested, another hackathon still sends", async () => {
    const [h, other] = [await createHackathon(), await createHackathon()];
    const send = (id: string, token: string, ip: string) =>
      api(`/api/hackathons/${id}/test-event`, { method: "POST", token, headers: { "cf-connecting-ip": ip } });
    const { refused, passed } = await sendUntilRefused(() => send(h.hackathon.id, h.operator_token, "203.0.113.60"));
    expect(passed.every((r) => r.status === 200)).toBe(true);
    await expectRateLimited(refused, "testEvents");
    // Per hackathon, not per address: another operator of it is refused too.
    await expectRateLimited(await send(h.hackathon.id, ADMIN_TOKEN, "203.0.113.61"), "testEvents");
    const stored = await runInDurableObject(
      roomOf(h.hackathon.id),
      (_, state) => state.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM events WHERE type = 'metric'").one().n,
    );
    expect(stored).toBe(passed.length);
    expect((await send(other.hackathon.id, other.operator_token, "203.0.113.60")).status).toBe(200);
  });

  it("spends a hackathon's webhook budget only on authenticated deliveries: an unsigned flood leaves the real sender flowing", async () => {
    const h = await createHackathon();
    const fromIp = (ip: string, headers: Record<string, string>, body: string) =>
      api(`/webhooks/${h.hackathon.id}/events`, { method: "POST", token: null, body, headers: { ...headers, "cf-connecting-ip": ip } });
    const body = JSON.stringify(costEvent({ amount: 1 }));
    const { refused, passed } = await sendUntilRefused(() =>
      fromIp("198.51.100.66", signHeaders(`whsec_${btoa("an outsider's guess, 32 bytes..")}`, body), body),
    );
    expect(passed.length).toBeGreaterThan(0);
    expect(passed.every((r) => r.status === 401)).toBe(true);
    await expectRateLimited(refused, "webhooks");
    const real = JSON.stringify(costEvent({ amount: 3 }));
    expect((await fromIp("192.0.2.10", signHeaders(h.webhook_secret, real), real)).status).toBe(200);
    expect(await spendOf(h.hackathon.id, h.viewer_token)).toBe(3);
  });

  it("still limits a hackathon's authenticated deliveries, whatever addresses they come from", async () => {
    const h = await createHackathon();
    let n = 0;
    const { refused, passed } = await sendUntilRefused(() => {
      const body = JSON.stringify(costEvent({ amount: 1 }));
      return api(`/webhooks/${h.hackathon.id}/events`, {
        method: "POST",
        token: null,
        body,
        headers: { ...signHeaders(h.webhook_secret, body), "cf-connecting-ip": `192.0.2.${++n}` },
      });
    });
    expect(passed.every((r) => r.status === 200)).toBe(true);
    await expectRateLimited(refused, "webhooks");
    expect(await spendOf(h.hackathon.id, h.viewer_token)).toBe(passed.length);
  });
});
