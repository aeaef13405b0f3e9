import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { DashboardStateSchema } from "../../../worker/src/contract";
import type { HackathonRoom } from "../../../worker/src/durable/hackathon-room";
import { ADMIN_TOKEN, apiJson } from "../../helpers/api";
import { quietHackathon, roomState } from "../../helpers/fuzz";
import { createHackathon, uniqueHackathonId } from "../../helpers/hackathons";
import {
  chatSpan,
  gzip,
  postOtlp,
  randomHex,
  type SpanInit,
  sendTraces,
  statusAnswer,
  traceAnswer,
  tracesRequest,
} from "../../helpers/otlp";
import { roomOf } from "../../helpers/rooms";
import { eventId, postEvents } from "../../helpers/webhooks";

async function dashboard(id: string, token: string) {
  const { status, body } = await apiJson(`/api/hackathons/${id}/dashboard`, { token });
  expect(status).toBe(200);
  return DashboardStateSchema.parse(body);
}

type LedgerRow = { event_id: string; model: string; input_tokens: number; output_tokens: number; cost: number | null };
const ledger = (id: string) =>
  runInDurableObject(roomOf(id), (_room: HackathonRoom, state) =>
    state.storage.sql
      .exec<LedgerRow>("SELECT event_id, model, input_tokens, output_tokens, cost FROM token_ledger ORDER BY event_id")
      .toArray(),
  );
const storedEvent = (id: string, eventId: string) =>
  runInDurableObject(roomOf(id), (_room: HackathonRoom, state) =>
    state.storage.sql
      .exec<{ body: string }>("SELECT body FROM events WHERE id = ?", eventId)
      .toArray()
      .map((r) => JSON.parse(r.body)),
  );

describe("POST /otlp/:id/v1/traces", () => {
  it("turns GenAI spans into token events on the dashboard, priced, with the resource's service name", async () => {
    const h = await createHackathon();
    const request = tracesRequest([chatSpan("gpt-4o", 1000, 200), chatSpan("gpt-4o", 500, 100)], { "service.name": "chat-api" });
    const response = await sendTraces(h.hackathon.id, request, { token: h.ingest_token });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/x-protobuf");
    const answer = await traceAnswer(response);
    expect(answer.partialSuccess).toBeUndefined();
    const state = await dashboard(h.hackathon.id, h.viewer_token);
    expect(state.token_metrics.total_consumed).toBe(1800);
    expect(state.token_metrics.by_model.map((m) => m.model)).toEqual(["gpt-4o"]);
    expect(state.token_metrics.cost_per_token).toBeGreaterThan(0);
    const span = request.resourceSpans[0]!.scopeSpans[0]!.spans[0]!;
    const id = `otlp:${[...span.traceId].map((b) => b.toString(16).padStart(2, "0")).join("")}:${[...span.spanId].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
    const [event] = await storedEvent(h.hackathon.id, id);
    // gpt-4o at $2.50 / $10 per million input / output tokens.
    expect(event).toMatchObject({ type: "token", model: "gpt-4o", input_tokens: 1000, output_tokens: 200, service: "chat-api" });
    expect(event.cost).toBeCloseTo(0.0045, 10);
  });

  it("counts a retried export once", async () => {
    const h = await createHackathon();
    const request = tracesRequest([chatSpan("gpt-4o-mini", 10, 5)]);
    for (let attempt = 0; attempt < 3; attempt++)
      expect((await sendTraces(h.hackathon.id, request, { token: h.ingest_token })).status).toBe(200);
    expect((await dashboard(h.hackathon.id, h.viewer_token)).token_metrics.total_consumed).toBe(15);
    expect(await ledger(h.hackathon.id)).toHaveLength(1);
  });

  it("reads OTLP/JSON with hex ids and answers in JSON, and reads gzip", async () => {
    const h = await createHackathon();
    const traceId = randomHex(16);
    const spanId = randomHex(8);
    const response = await sendTraces(h.hackathon.id, tracesRequest([{ ...chatSpan("gpt-4o", 7, 3), traceId, spanId }]), {
      token: h.ingest_token,
      encoding: "json",
      gzip: true,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(await response.json()).toEqual({});
    expect((await ledger(h.hackathon.id)).map((r) => r.event_id)).toEqual([`otlp:${traceId}:${spanId}`]);
  });

  it("reads OpenInference's attributes, and cached input tokens lower the price", async () => {
    const h = await createHackathon();
    // One gpt-4o call of 1,000 prompt tokens, as OpenInference names it.
    const llmCall = {
      "openinference.span.kind": "LLM",
      "llm.model_name": "gpt-4o",
      "llm.provider": "openai",
      "llm.token_count.prompt": 1000,
      "llm.token_count.completion": 0,
    };
    const spans: SpanInit[] = [
      { attrs: llmCall },
      { attrs: { ...llmCall, "llm.token_count.prompt_details.cache_read": 1000 } },
      // An agent span repeating its children's totals is not an LLM call.
      { attrs: { "openinference.span.kind": "AGENT", "llm.token_count.prompt": 2000, "llm.token_count.completion": 0 } },
    ];
    const answer = await traceAnswer(await sendTraces(h.hackathon.id, tracesRequest(spans), { token: h.ingest_token }));
    expect(answer.partialSuccess).toMatchObject({ rejectedSpans: 0n, errorMessage: "1 span without token usage attributes ignored" });
    const costs = (await ledger(h.hackathon.id)).map((r) => r.cost!).sort();
    // Cached input at half price ($1.25 vs $2.50 per million).
    expect(costs[0]).toBeCloseTo(0.00125, 10);
    expect(costs[1]).toBeCloseTo(0.0025, 10);
  });

  it("leaves an unknown model unpriced and keeps a span's own cost", async () => {
    const h = await createHackathon();
    await sendTraces(
      h.hackathon.id,
      tracesRequest([chatSpan("team-finetune-7b", 100, 100), chatSpan("gpt-4o", 100, 100, { "llm.cost.total": 0.5 })]),
      { token: h.ingest_token },
    );
    const rows = await ledger(h.hackathon.id);
    expect(rows.find((r) => r.model === "team-finetune-7b")!.cost).toBeNull();
    expect(rows.find((r) => r.model === "gpt-4o")!.cost).toBe(0.5);
  });

  it("answers a partly bad export 200 with the rejected count, and stores the rest", async () => {
    const h = await createHackathon();
    const spans: SpanInit[] = [
      chatSpan("gpt-4o", 10, 10),
      { attrs: { "gen_ai.usage.input_tokens": 5, "gen_ai.usage.output_tokens": 5 } },
      { name: "db.query", attrs: { "db.system": "postgresql" } },
    ];
    const response = await sendTraces(h.hackathon.id, tracesRequest(spans), { token: h.ingest_token, encoding: "json" });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { partialSuccess: { rejectedSpans: string; errorMessage: string } };
    expect(body.partialSuccess.rejectedSpans).toBe("1");
    expect(body.partialSuccess.errorMessage).toContain("names no model");
    expect(body.partialSuccess.errorMessage).toContain("1 span without token usage attributes ignored");
    expect(await ledger(h.hackathon.id)).toHaveLength(1);
  });

  it("refuses new models past the cap through the partial success", async () => {
    const h = await quietHackathon();
    const first = tracesRequest(Array.from({ length: 200 }, (_, i) => chatSpan(`model-${i}`, 1, 1)));
    expect((await traceAnswer(await sendTraces(h.hackathon.id, first, { token: h.ingest_token }))).partialSuccess).toBeUndefined();
    const next = tracesRequest([chatSpan("model-0", 1, 1), chatSpan("model-new", 1, 1)]);
    const answer = await traceAnswer(await sendTraces(h.hackathon.id, next, { token: h.ingest_token }));
    expect(answer.partialSuccess?.rejectedSpans).toBe(1n);
    expect(answer.partialSuccess?.errorMessage).toContain("past the cap of 200");
    expect((await ledger(h.hackathon.id)).filter((r) => r.model === "model-new")).toEqual([]);
    expect(await ledger(h.hackathon.id)).toHaveLength(201);
  });
});

describe("OTLP refusals", () => {
  it("answers a missing token, a wrong one, another hackathon's and an unknown id with the same 401, storing nothing", async () => {
    const h = await quietHackathon();
    const other = await createHackathon();
    const before = await roomState(h.hackathon.id);
    const body = tracesRequest([chatSpan("gpt-4o", 1, 1)]);
    const answers = [
      await sendTraces(h.hackathon.id, body, { token: null }),
      await sendTraces(h.hackathon.id, body, { token: "not-a-token" }),
      await sendTraces(h.hackathon.id, body, { token: other.ingest_token }),
      await sendTraces(uniqueHackathonId(), body, { token: h.ingest_token }),
      await sendTraces("NOT_AN_ID", body, { token: h.ingest_token }),
    ];
    const seen = await Promise.all(
      answers.map(async (r) => ({
        status: r.status,
        type: r.headers.get("content-type"),
        body: await r.arrayBuffer().then((b) => [...new Uint8Array(b)].join()),
      })),
    );
    expect(new Set(seen.map((s) => JSON.stringify(s))).size).toBe(1);
    expect(seen[0]!.status).toBe(401);
    const status = await statusAnswer(await sendTraces(h.hackathon.id, body, { token: "wrong" }));
    expect(status.code).toBe(16); // UNAUTHENTICATED
    expect(await roomState(h.hackathon.id)).toEqual(before);
  });

  it("refuses the viewer, operator and admin tokens with 403: only the ingest token ingests", async () => {
    const h = await quietHackathon();
    const before = await roomState(h.hackathon.id);
    for (const token of [h.viewer_token, h.operator_token, undefined]) {
      const response = await sendTraces(h.hackathon.id, tracesRequest([chatSpan("gpt-4o", 1, 1)]), {
        token: token ?? ADMIN_TOKEN,
        encoding: "json",
      });
      expect(response.status).toBe(403);
      expect((await statusAnswer(response)).code).toBe(7); // PERMISSION_DENIED
    }
    expect(await roomState(h.hackathon.id)).toEqual(before);
  });

  it("answers a body that is not OTLP 400, a wrong content type 415 and an oversized inflated body 413, storing nothing", async () => {
    const h = await quietHackathon();
    const before = await roomState(h.hackathon.id);
    const garbage = new TextEncoder().encode("this is not protobuf \u00ff\u00fe");
    const notOtlp = await postOtlp(h.hackathon.id, "traces", garbage, { token: h.ingest_token });
    expect(notOtlp.status).toBe(400);
    expect((await statusAnswer(notOtlp)).code).toBe(3);
    const badJson = await postOtlp(h.hackathon.id, "metrics", new TextEncoder().encode('{"resourceMetrics": 5}'), {
      token: h.ingest_token,
      encoding: "json",
    });
    expect(badJson.status).toBe(400);
    expect(badJson.headers.get("content-type")).toBe("application/json");
    // Bytes sent as they are, declared gzipped protobuf.
    const asGzipped = (body: Uint8Array) =>
      postOtlp(h.hackathon.id, "traces", body, { token: h.ingest_token, headers: { "content-encoding": "gzip" } });
    const badGzip = await asGzipped(garbage);
    expect(badGzip.status).toBe(400);
    const text = await postOtlp(h.hackathon.id, "traces", garbage, { token: h.ingest_token, contentType: "text/plain" });
    expect(text.status).toBe(415);
    // 9 MiB of zeros gzip to a few KiB: refused while inflating.
    const bomb = await gzip(new Uint8Array(9 * 1024 * 1024));
    const tooLarge = await asGzipped(bomb);
    expect(tooLarge.status).toBe(413);
    expect(await roomState(h.hackathon.id)).toEqual(before);
  });
});

describe("model prices on the webhook path", () => {
  it("prices a signed token event without cost, keeps a sent cost, and leaves an unknown model unpriced", async () => {
    const h = await createHackathon();
    const ts = new Date().toISOString();
    const events = [
      { id: eventId("tok"), type: "token", ts, model: "gpt-4o", input_tokens: 1_000_000, output_tokens: 0 },
      { id: eventId("tok"), type: "token", ts, model: "gpt-4o", input_tokens: 10, output_tokens: 0, cost: 3 },
      { id: eventId("tok"), type: "token", ts, model: "in-house-model", input_tokens: 10, output_tokens: 10 },
    ];
    expect((await postEvents(h.hackathon.id, h.webhook_secret, { events })).status).toBe(200);
    const costs = new Map((await ledger(h.hackathon.id)).map((r) => [r.event_id, r.cost]));
    expect(costs.get(events[0]!.id)).toBeCloseTo(2.5, 6);
    expect(costs.get(events[1]!.id)).toBe(3);
    expect(costs.get(events[2]!.id)).toBeNull();
  });
});
