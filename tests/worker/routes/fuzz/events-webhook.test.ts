import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  DashboardStateSchema,
  HackathonIdSchema,
  MAX_EVENT_QUANTITY,
  MAX_METRIC_MAGNITUDE,
  WebhookAcceptedSchema,
} from "../../../../worker/src/contract";
import {
  excerpt,
  expectContractError,
  fuzzRuns,
  mutatedField,
  quietHackathon,
  roomState,
  weirdBody,
  weirdHeaderValue,
  weirdNumber,
  weirdSegment,
  weirdString,
  wellFormed,
} from "../../../helpers/fuzz";
import { api, apiJson } from "../../../helpers/api";
import { eventId, signHeaders } from "../../../helpers/webhooks";

/** The tables an accepted event writes; a redelivery must leave every one as it was. */
const EVENT_TABLES = ["events", "cost_ledger", "token_ledger", "token_totals", "tasks", "metric_minutes", "metric_latest"];

const send = (id: string, body: string, headers: Record<string, string>) =>
  api(`/webhooks/${id}/events`, { method: "POST", token: null, body, headers });

/** An id that is odd but valid, made unique per run so "counted once" is about this delivery alone. */
const weirdKey = weirdString
  .map((s) => s.slice(0, 150))
  .filter((s) => wellFormed(s) === s)
  .map((s) => `${s}#${eventId("fz")}`);
const recentTs = fc
  .tuple(fc.integer({ min: -6 * 3_600_000, max: 4 * 60_000 }), fc.constantFrom("Z", "+14:00", "-12:00", "+05:30"))
  .map(([offset, zone]) => {
    const iso = new Date(Date.now() + offset).toISOString();
    if (zone === "Z") return iso;
    const shift = (zone.startsWith("-") ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4))) * 60_000;
    return new Date(Date.now() + offset + shift).toISOString().replace("Z", zone);
  });
const nonNegative = fc.oneof(
  fc.double({ min: 0, max: MAX_EVENT_QUANTITY, noNaN: true }),
  fc.constantFrom(0, 5e-324, 1e-300, MAX_EVENT_QUANTITY),
);
const safeCount = fc.oneof(fc.nat(), fc.constantFrom(0, 2 ** 31, MAX_EVENT_QUANTITY));
const shortText = (max: number) => weirdString.map((s) => s.slice(0, max));

const costEvent = fc.record(
  {
    id: weirdKey,
    type: fc.constant("cost"),
    ts: recentTs,
    amount: nonNegative,
    service: shortText(128).filter((s) => s.length > 0),
    sku: shortText(200),
    currency: fc.constant("USD"),
  },
  { requiredKeys: ["id", "type", "ts", "amount"] },
);
const tokenEvent = fc.record(
  {
    id: weirdKey,
    type: fc.constant("token"),
    ts: recentTs,
    model: shortText(128).filter((s) => s.length > 0),
    input_tokens: safeCount,
    output_tokens: safeCount,
    cost: nonNegative,
  },
  { requiredKeys: ["id", "type", "ts", "model", "input_tokens", "output_tokens"] },
);
const taskEvent = fc.record({
  id: weirdKey,
  type: fc.constant("task"),
  ts: recentTs,
  task: fc.record(
    {
      id: weirdKey,
      title: shortText(500),
      status: fc.constantFrom("todo", "in_progress", "done", "blocked"),
      weight: fc.oneof(fc.double({ min: 1e-300, max: MAX_EVENT_QUANTITY, noNaN: true }), fc.constant(5e-324)),
      estimated_hours: nonNegative,
      depends_on: fc.array(weirdKey, { maxLength: 5 }),
    },
    { requiredKeys: ["id", "title", "status"] },
  ),
});
const metricEvent = fc.record(
  {
    id: weirdKey,
    type: fc.constant("metric"),
    ts: recentTs,
    name: fc.stringMatching(/^[a-z][a-z0-9_.]{0,63}$/),
    value: weirdNumber.filter((n) => Math.abs(n) <= MAX_METRIC_MAGNITUDE),
    unit: shortText(32),
  },
  { requiredKeys: ["id", "type", "ts", "name", "value"] },
);
const validEvent = fc.oneof(costEvent, tokenEvent, taskEvent, metricEvent);
const validPayload = fc.oneof(
  validEvent,
  fc.array(validEvent, { minLength: 1, maxLength: 5 }).map((events) => ({ events })),
);

const EVENT_FIELDS = [
  ["id"],
  ["type"],
  ["ts"],
  ["amount"],
  ["total"],
  ["currency"],
  ["name"],
  ["value"],
  ["model"],
  ["input_tokens"],
  ["task"],
  ["task", "id"],
  ["task", "weight"],
  ["task", "depends_on"],
  ["events"],
];

async function eventTables(id: string) {
  const state = await roomState(id);
  return Object.fromEntries(EVENT_TABLES.map((table) => [table, state[table]]));
}

const eventRows = (state: Record<string, unknown>) => {
  const events = state.events as unknown[] | { rows: number };
  return Array.isArray(events) ? events.length : events.rows;
};

/** Whatever was accepted, the figures built from it still read back in the contract's shape (no Infinity sent as null). */
async function expectReadableDashboard(id: string, token: string) {
  const dashboard = await apiJson(`/api/hackathons/${id}/dashboard`, { token });
  expect(dashboard.status).toBe(200);
  DashboardStateSchema.parse(dashboard.body);
}

/** Posts a signed body; a refusal must be a contract error that changed nothing, an acceptance must count once. */
async function checkSignedDelivery(id: string, secret: string, body: string, expectedEvents: number | null, token: string) {
  const before = await roomState(id);
  const response = await send(id, body, signHeaders(secret, body));
  if (response.status !== 200) {
    await expectContractError(response, [400], body);
    expect(await roomState(id)).toEqual(before);
    return;
  }
  const accepted = WebhookAcceptedSchema.parse(await response.json());
  if (expectedEvents !== null) expect(accepted.accepted + accepted.duplicates).toBe(expectedEvents);
  expect(eventRows(await roomState(id)) - eventRows(before)).toBe(accepted.accepted);
  const stored = await eventTables(id);
  const again = await send(id, body, signHeaders(secret, body));
  expect(again.status).toBe(200);
  expect(WebhookAcceptedSchema.parse(await again.json())).toEqual({ accepted: 0, duplicates: accepted.accepted + accepted.duplicates });
  expect(await eventTables(id)).toEqual(stored);
  await expectReadableDashboard(id, token);
}

const taskAt = (status: string, weight: number) => ({
  id: eventId("task"),
  type: "task",
  ts: new Date().toISOString(),
  task: { id: eventId("t"), title: "t", status, weight },
});

/** Two events of `type` whose figures together overflow a double. */
const overflowing = (type: string, fields: Record<string, unknown>) =>
  [1, 2].map(() => ({ id: eventId("big"), type, ts: new Date().toISOString(), ...fields }));

const eventCount = (payload: unknown) => ("events" in (payload as object) ? (payload as { events: unknown[] }).events.length : 1);
const hasRepeatedIds = (payload: unknown) => {
  const events = "events" in (payload as object) ? (payload as { events: { id: string }[] }).events : [payload as { id: string }];
  return new Set(events.map((e) => e.id)).size !== events.length;
};

describe("fuzz: POST /webhooks/:id/events", { timeout: 60_000 }, () => {
  it("counts a valid but odd delivery exactly once, and a redelivery as duplicates", async () => {
    const h = await quietHackathon({ budget: { amount: MAX_EVENT_QUANTITY } });
    await fc.assert(
      fc.asyncProperty(validPayload, async (payload) => {
        const body = JSON.stringify(payload);
        const response = await send(h.hackathon.id, body, signHeaders(h.webhook_secret, body));
        expect(response.status, excerpt(body)).toBe(200);
        const accepted = WebhookAcceptedSchema.parse(await response.json());
        expect(accepted.accepted + accepted.duplicates).toBe(eventCount(payload));
        if (!hasRepeatedIds(payload)) expect(accepted).toEqual({ accepted: eventCount(payload), duplicates: 0 });
        const stored = await eventTables(h.hackathon.id);
        const again = await send(h.hackathon.id, body, signHeaders(h.webhook_secret, body));
        expect(WebhookAcceptedSchema.parse(await again.json())).toEqual({ accepted: 0, duplicates: eventCount(payload) });
        expect(await eventTables(h.hackathon.id)).toEqual(stored);
        await expectReadableDashboard(h.hackathon.id, h.viewer_token);
      }),
      // Regression: at this pace the estimated completion lay past any Date, and the dashboard threw (500).
      fuzzRuns(50, [[{ events: [taskAt("done", 1e-300), taskAt("todo", MAX_EVENT_QUANTITY)] }]]),
    );
  });

  it("answers any signed body with 200 or a 400 that stores nothing", async () => {
    const h = await quietHackathon();
    await fc.assert(
      fc.asyncProperty(weirdBody(validPayload), (body) =>
        checkSignedDelivery(h.hackathon.id, h.webhook_secret, body, null, h.viewer_token),
      ),
      // Regression: the Worker verified the text without its byte order mark, so a body
      // signed as sent (BOM included) was refused 401 instead of reaching the parser.
      fuzzRuns(60, [
        ["\ufeff{}"],
        [`\ufeff${JSON.stringify({ id: eventId(), type: "metric", ts: new Date().toISOString(), name: "m", value: 1 })}`],
      ]),
    );
  });

  it("answers a signed event with one odd field with 200 or a 400 that stores nothing", async () => {
    const h = await quietHackathon();
    await fc.assert(
      fc.asyncProperty(
        validEvent.chain((event) => mutatedField(event, EVENT_FIELDS)),
        (payload) => checkSignedDelivery(h.hackathon.id, h.webhook_secret, JSON.stringify(payload), null, h.viewer_token),
      ),
      // Regression: figures this large were accepted, and their sums overflowed to Infinity,
      // which the dashboard sent as null (cost_per_token, spend, metric means).
      fuzzRuns(60, [
        [{ events: overflowing("cost", { amount: Number.MAX_VALUE }) }],
        [{ events: overflowing("token", { model: "m", input_tokens: 1, output_tokens: 1, cost: 1e308 }) }],
        [{ events: overflowing("metric", { name: "m", value: 1e308 }) }],
      ]),
    );
  });

  it("refuses missing, garbage or mismatched signatures with 401 and stores nothing", async () => {
    const h = await quietHackathon();
    const other = await quietHackathon();
    const before = await roomState(h.hackathon.id);
    const headers = fc.oneof(
      fc
        .record(
          { "webhook-id": weirdHeaderValue, "webhook-timestamp": weirdHeaderValue, "webhook-signature": weirdHeaderValue },
          { requiredKeys: [] },
        )
        .map((headers) => headers as Record<string, string>),
      // Signed with another hackathon's secret, or over another body, or long ago.
      fc.tuple(validEvent, fc.constantFrom("other-secret", "other-body", "stale")).map(([event, how]) => {
        const body = JSON.stringify(event);
        if (how === "other-secret") return signHeaders(other.webhook_secret, body);
        if (how === "stale") return signHeaders(h.webhook_secret, body, new Date(Date.now() - 3_600_000));
        return signHeaders(h.webhook_secret, `${body} `);
      }),
    );
    await fc.assert(
      fc.asyncProperty(validPayload, headers, async (payload, signature) => {
        const body = JSON.stringify(payload);
        const response = await send(h.hackathon.id, body, { ...signature, "content-type": "application/json" });
        await expectContractError(response, [401], signature);
      }),
      fuzzRuns(60),
    );
    expect(await roomState(h.hackathon.id)).toEqual(before);
  });

  it("refuses other content types with 415, unknown hackathons with 401 and impossible ids with 404", async () => {
    const h = await quietHackathon();
    const before = await roomState(h.hackathon.id);
    const wrongType = fc.oneof(
      fc.constantFrom(
        "",
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/jsonp",
        "json",
        "application/xml",
        "application/json-seq",
      ),
      weirdHeaderValue.filter((value) => !/json/i.test(value)),
    );
    await fc.assert(
      fc.asyncProperty(validPayload, wrongType, fc.option(weirdSegment, { nil: undefined }), async (payload, type, hackathon) => {
        const body = JSON.stringify(payload);
        const headers = { ...signHeaders(h.webhook_secret, body), "content-type": type };
        if (hackathon === undefined) {
          await expectContractError(await send(h.hackathon.id, body, headers), [415], type);
        } else {
          // Any other id is an unknown hackathon: 401 as for a bad signature (section 5); one that
          // cannot be an id (or makes another path) is a 404 that reveals nothing.
          const id = `${hackathon}x`;
          const response = await send(id, body, { ...headers, "content-type": "application/json" });
          await expectContractError(response, HackathonIdSchema.safeParse(id).success ? [401] : [404], hackathon);
        }
      }),
      fuzzRuns(60),
    );
    expect(await roomState(h.hackathon.id)).toEqual(before);
  });

  it("answers any declared Content-Encoding with 200 or a contract error that stores nothing", async () => {
    const h = await quietHackathon();
    const encoding = fc.constantFrom("gzip", "br", "deflate", "identity", "x-nonsense", "gzip, gzip", "", "GZIP");
    await fc.assert(
      fc.asyncProperty(validEvent, encoding, fc.boolean(), async (event, contentEncoding, compressed) => {
        const body = JSON.stringify(event);
        const headers = { ...signHeaders(h.webhook_secret, body), "content-encoding": contentEncoding };
        const bytes = compressed ? new Blob([body]).stream().pipeThrough(new CompressionStream("gzip")) : body;
        const before = await roomState(h.hackathon.id);
        const response = await api(`/webhooks/${h.hackathon.id}/events`, { method: "POST", token: null, body: bytes, headers });
        if (response.status === 200) {
          expect(WebhookAcceptedSchema.parse(await response.json())).toEqual({ accepted: 1, duplicates: 0 });
          return;
        }
        await expectContractError(response, [400, 401, 415], `${contentEncoding} ${compressed}`);
        expect(await roomState(h.hackathon.id)).toEqual(before);
      }),
      fuzzRuns(30),
    );
  });

  it("refuses a body over 1 MiB with 413, streamed or not", async () => {
    const h = await quietHackathon();
    const before = await roomState(h.hackathon.id);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 64 * 1024 }), fc.boolean(), async (extra, streamed) => {
        const body = JSON.stringify({
          id: eventId(),
          type: "metric",
          ts: new Date().toISOString(),
          name: "m",
          value: 1,
          unit: "x".repeat(1024 * 1024 + extra),
        });
        const headers = signHeaders(h.webhook_secret, body);
        // A stream has no Content-Length: the limit must count the bytes as they arrive.
        const sent = streamed ? new Blob([body]).stream() : body;
        const response = await api(`/webhooks/${h.hackathon.id}/events`, { method: "POST", token: null, body: sent, headers });
        await expectContractError(response, [413]);
      }),
      fuzzRuns(6),
    );
    expect(await roomState(h.hackathon.id)).toEqual(before);
  });
});
