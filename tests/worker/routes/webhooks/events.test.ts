import { describe, expect, it } from "vitest";
import { ErrorBodySchema } from "../../../../worker/src/contract";
import { api } from "../../../helpers/api";
import { readDashboard } from "../../../helpers/dashboard";
import { createHackathon } from "../../../helpers/hackathons";
import { costEvent, eventId, postEvents, signHeaders } from "../../../helpers/webhooks";

async function spendOf(id: string, token: string): Promise<number> {
  return (await readDashboard(id, token)).cost_metrics.current_spend;
}

function sendRaw(id: string, body: string, headers: Record<string, string>) {
  return api(`/webhooks/${id}/events`, { method: "POST", token: null, body, headers });
}

async function expectError(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  const body = ErrorBodySchema.parse(await response.json());
  expect(body.error.code).toBe(code);
  return body.error;
}

describe("POST /webhooks/:id/events signatures", () => {
  it("accepts a correctly signed event and counts it", async () => {
    const h = await createHackathon();
    const response = await postEvents(h.hackathon.id, h.webhook_secret, costEvent({ amount: 12.5 }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ accepted: 1, duplicates: 0 });
    expect(await spendOf(h.hackathon.id, h.viewer_token)).toBe(12.5);
  });

  it("refuses a signature made with another secret, and stores nothing", async () => {
    const h = await createHackathon();
    const other = await createHackathon();
    const body = JSON.stringify(costEvent({ amount: 3 }));
    await expectError(await sendRaw(h.hackathon.id, body, signHeaders(other.webhook_secret, body)), 401, "unauthorized");
    expect(await spendOf(h.hackathon.id, h.viewer_token)).toBe(0);
  });

  it("refuses a body changed after signing", async () => {
    const h = await createHackathon();
    const body = JSON.stringify(costEvent({ amount: 3 }));
    const headers = signHeaders(h.webhook_secret, body);
    await expectError(await sendRaw(h.hackathon.id, body.replace('"amount":3', '"amount":300'), headers), 401, "unauthorized");
    expect(await spendOf(h.hackathon.id, h.viewer_token)).toBe(0);
  });

  it("refuses missing signature headers", async () => {
    const h = await createHackathon();
    const body = JSON.stringify(costEvent({ amount: 3 }));
    const error = await expectError(await sendRaw(h.hackathon.id, body, { "content-type": "application/json" }), 401, "unauthorized");
    expect(error.message).toMatch(/missing/i);
  });

  it("refuses timestamps outside the 5-minute replay window, in either direction", async () => {
    const h = await createHackathon();
    const body = JSON.stringify(costEvent({ amount: 3 }));
    for (const offsetMs of [-6 * 60_000, 6 * 60_000]) {
      const headers = signHeaders(h.webhook_secret, body, new Date(Date.now() + offsetMs));
      await expectError(await sendRaw(h.hackathon.id, body, headers), 401, "unauthorized");
    }
    const nearlyStale = signHeaders(h.webhook_secret, body, new Date(Date.now() - 4 * 60_000));
    expect((await sendRaw(h.hackathon.id, body, nearlyStale)).status).toBe(200);
  });

  it("answers 401 for an unknown hackathon, as for a bad signature (docs/contract.md section 5)", async () => {
    const h = await createHackathon();
    const body = JSON.stringify(costEvent({ amount: 1 }));
    await expectError(await sendRaw("no-such-hack", body, signHeaders(h.webhook_secret, body)), 401, "unauthorized");
  });
});

describe("POST /webhooks/:id/events validation", () => {
  it("lists every violation of a batch with its path, and stores none of the batch", async () => {
    const h = await createHackathon();
    const good = costEvent({ amount: 1 });
    const payload = {
      events: [
        good,
        { id: eventId(), type: "cost", ts: new Date().toISOString() },
        { id: eventId(), type: "token", ts: "not-a-time", model: "gpt", input_tokens: -1, output_tokens: 1.5 },
        { id: eventId(), type: "metric", ts: new Date().toISOString(), name: "Bad Name", value: "7" },
        { id: eventId(), type: "weather", ts: new Date().toISOString() },
        { ...costEvent({ amount: 1 }), currency: "EUR" },
      ],
    };
    const error = await expectError(await postEvents(h.hackathon.id, h.webhook_secret, payload), 400, "validation_failed");
    const paths = error.issues.map((i) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        "events.1.amount",
        "events.2.ts",
        "events.2.input_tokens",
        "events.2.output_tokens",
        "events.3.name",
        "events.3.value",
        "events.4.type",
      ]),
    );
    expect(await spendOf(h.hackathon.id, h.viewer_token)).toBe(0);
  });

  it("refuses another currency and timestamps from the future with their paths", async () => {
    const h = await createHackathon();
    const payload = {
      events: [
        { ...costEvent({ amount: 1 }), currency: "EUR" },
        costEvent({ amount: 1, ts: new Date(Date.now() + 3_600_000).toISOString() }),
      ],
    };
    const error = await expectError(await postEvents(h.hackathon.id, h.webhook_secret, payload), 400, "validation_failed");
    expect(error.issues.map((i) => i.path)).toEqual(["events.0.currency", "events.1.ts"]);
    expect(await spendOf(h.hackathon.id, h.viewer_token)).toBe(0);
  });

  it("refuses malformed JSON with 400 and a wrong content type with 415", async () => {
    const h = await createHackathon();
    const broken = '{"id": "x", ';
    await expectError(await sendRaw(h.hackathon.id, broken, signHeaders(h.webhook_secret, broken)), 400, "bad_request");
    const body = JSON.stringify(costEvent({ amount: 1 }));
    const headers = { ...signHeaders(h.webhook_secret, body), "content-type": "text/plain" };
    await expectError(await sendRaw(h.hackathon.id, body, headers), 415, "unsupported_media_type");
  });

  it("refuses bodies over 1 MiB with 413 and batches over 1,000 events with 400", async () => {
    const h = await createHackathon();
    const huge = JSON.stringify({ ...costEvent({ amount: 1 }), service: "x".repeat(1024 * 1024) });
    await expectError(await sendRaw(h.hackathon.id, huge, signHeaders(h.webhook_secret, huge)), 413, "payload_too_large");
    const many = { events: Array.from({ length: 1001 }, () => costEvent({ amount: 0.01 })) };
    const error = await expectError(await postEvents(h.hackathon.id, h.webhook_secret, many), 400, "validation_failed");
    expect(error.issues[0]?.path).toBe("events");
    expect(await spendOf(h.hackathon.id, h.viewer_token)).toBe(0);
  });
});

describe("POST /webhooks/:id/events delivery semantics", () => {
  it("counts the same event id once, across requests and within a batch", async () => {
    const h = await createHackathon();
    const event = costEvent({ amount: 4 });
    expect(await (await postEvents(h.hackathon.id, h.webhook_secret, event)).json()).toEqual({ accepted: 1, duplicates: 0 });
    expect(await (await postEvents(h.hackathon.id, h.webhook_secret, event)).json()).toEqual({ accepted: 0, duplicates: 1 });
    const fresh = costEvent({ amount: 1 });
    const batch = { events: [fresh, fresh, event] };
    expect(await (await postEvents(h.hackathon.id, h.webhook_secret, batch)).json()).toEqual({ accepted: 1, duplicates: 2 });
    expect(await spendOf(h.hackathon.id, h.viewer_token)).toBe(5);
  });

  it("applies a batch of mixed events in one request", async () => {
    const h = await createHackathon();
    const now = new Date().toISOString();
    const payload = {
      events: [
        costEvent({ amount: 2 }),
        { id: eventId(), type: "token", ts: now, model: "gpt-x", input_tokens: 100, output_tokens: 50, cost: 0.3 },
        { id: eventId(), type: "task", ts: now, task: { id: "t1", title: "Build", status: "done", weight: 2 } },
        { id: eventId(), type: "metric", ts: now, name: "latency_ms", value: 120, unit: "ms" },
      ],
    };
    expect(await (await postEvents(h.hackathon.id, h.webhook_secret, payload)).json()).toEqual({ accepted: 4, duplicates: 0 });
    const body = await readDashboard(h.hackathon.id, h.viewer_token);
    expect(body.cost_metrics.current_spend).toBe(2);
    expect(body.token_metrics.total_consumed).toBe(150);
    expect(body.task_metrics).toMatchObject({ completed_tasks: 1, total_tasks: 1, percent_complete: 100 });
    expect(body.metrics.latency_ms).toMatchObject({ value: 120, unit: "ms" });
  });

  it("answers 409 for an archived hackathon and stores nothing", async () => {
    const h = await createHackathon();
    await api(`/api/hackathons/${h.hackathon.id}`, { method: "DELETE" });
    await expectError(await postEvents(h.hackathon.id, h.webhook_secret, costEvent({ amount: 9 })), 409, "conflict");
    expect(await spendOf(h.hackathon.id, h.viewer_token)).toBe(0);
  });
});
