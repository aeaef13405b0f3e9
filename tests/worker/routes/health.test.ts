import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { DeepHealthSchema, type DeepHealth } from "../../../worker/src/contract";
import app from "../../../worker/src/index";
import { cost } from "../../helpers/alerts";
import { ADMIN_TOKEN, api, apiJson } from "../../helpers/api";
import { failingD1 } from "../../helpers/failing-d1";
import { createHackathon } from "../../helpers/hackathons";
import { pinClock, roomOf, runAlarmAt } from "../../helpers/rooms";
import { postEvents } from "../../helpers/webhooks";

const NOW = Math.floor(Date.now() / 60_000) * 60_000;
const FLUSH_MS = Number(env.HISTORY_FLUSH_MS);

async function deepHealth(): Promise<{ status: number; body: DeepHealth }> {
  const { status, body } = await apiJson("/healthz?deep=1");
  return { status, body: DeepHealthSchema.parse(body) };
}

describe("GET /healthz", () => {
  it("answers ok with the version, without credentials", async () => {
    const { status, body } = await apiJson<{ ok: boolean; version: string }>("/healthz", { token: null });
    expect(status).toBe(200);
    expect(body).toEqual({ ok: true, version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
  });

  it("keeps the deep check for the admin token, and refuses a deep value it does not know", async () => {
    const { viewer_token } = await createHackathon();
    expect((await api("/healthz?deep=1", { token: null })).status).toBe(401);
    expect((await api("/healthz?deep=1", { token: viewer_token })).status).toBe(401);
    const { status, body } = await apiJson<{ error: { code: string; issues: Array<{ path: string }> } }>("/healthz?deep=maybe", {
      token: null,
    });
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: "validation_failed", issues: [expect.objectContaining({ path: "deep" })] });
  });

  it("reports D1, and each hackathon's backlog, timers, last flush and source modes", async () => {
    const { hackathon, webhook_secret } = await createHackathon();
    await pinClock(hackathon.id, NOW);
    expect(
      (await postEvents(hackathon.id, webhook_secret, { events: [cost(NOW - 120_000, { amount: 2 }), cost(NOW, { amount: 3 })] })).status,
    ).toBe(200);
    const pending = await runInDurableObject(roomOf(hackathon.id), (_, state) => ({
      minutes: state.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM history_dirty").one().n,
      timers: state.storage.sql.exec<{ n: number; next: number }>("SELECT COUNT(*) AS n, MIN(due_at) AS next FROM timers").one(),
    }));
    expect(pending.minutes).toBeGreaterThan(0);

    const before = await deepHealth();
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ ok: true, components: { d1: { status: "up", error: null } } });
    expect(before.body.components.d1.latency_ms).toBeGreaterThanOrEqual(0);
    const mine = before.body.components.hackathons!.find((h) => h.id === hackathon.id);
    expect(mine).toMatchObject({
      status: "up",
      error: null,
      history_backlog: { series_minutes: pending.minutes, alerts: 0 },
      timers: { scheduled: pending.timers.n, next_due_at: new Date(pending.timers.next).toISOString() },
      flush_failures: 0,
      sources: { cost: "event", tasks: "event", tokens: "event", performance: "event" },
    });
    expect(mine!.timers!.alarm_at).not.toBeNull();

    await runAlarmAt(hackathon.id, NOW + FLUSH_MS);
    const after = (await deepHealth()).body.components.hackathons!.find((h) => h.id === hackathon.id);
    expect(after).toMatchObject({
      history_backlog: { series_minutes: 0, alerts: 0 },
      last_flush_at: new Date(NOW + FLUSH_MS).toISOString(),
    });
  });

  it("answers 503 with ok false and the error when D1 is down", async () => {
    const response = await app.request(
      "/healthz?deep=1",
      { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } },
      { ...env, DB: failingD1() },
    );
    expect(response.status).toBe(503);
    const body = DeepHealthSchema.parse(await response.json());
    expect(body.ok).toBe(false);
    expect(body.components.d1).toMatchObject({ status: "down", error: expect.stringContaining("unavailable") });
    expect(body.components.hackathons).toBeNull();
  });

  it("answers 503 naming a hackathon whose object cannot answer", async () => {
    const { hackathon } = await createHackathon();
    // The registry still lists it, but its object has lost its record: every call to it is refused.
    await runInDurableObject(roomOf(hackathon.id), (_, state) => state.storage.sql.exec("DELETE FROM meta WHERE key = 'record'"));
    await evictDurableObject(roomOf(hackathon.id));
    const { status, body } = await deepHealth();
    expect(status).toBe(503);
    expect(body.ok).toBe(false);
    expect(body.components.d1.status).toBe("up");
    expect(body.components.hackathons!.find((h) => h.id === hackathon.id)).toMatchObject({ status: "down", error: expect.any(String) });
    expect(body.components.hackathons!.filter((h) => h.id !== hackathon.id).every((h) => h.status === "up")).toBe(true);
  });
});
