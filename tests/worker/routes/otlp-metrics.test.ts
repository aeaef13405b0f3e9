import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { DashboardStateSchema } from "../../../worker/src/contract";
import type { HackathonRoom } from "../../../worker/src/durable/hackathon-room";
import { apiJson } from "../../helpers/api";
import { quietHackathon } from "../../helpers/fuzz";
import { createHackathon } from "../../helpers/hackathons";
import { kv, metricsAnswer, metricsRequest, sendMetrics } from "../../helpers/otlp";
import { roomOf } from "../../helpers/rooms";

const NS = 1_000_000n;
const T0 = Date.now() - 60_000;
const at = (ms: number) => BigInt(ms) * NS;

async function metrics(id: string, token: string) {
  const { body } = await apiJson(`/api/hackathons/${id}/dashboard`, { token });
  return DashboardStateSchema.parse(body).metrics;
}
const metricEvents = (id: string) =>
  runInDurableObject(roomOf(id), (_room: HackathonRoom, state) =>
    state.storage.sql
      .exec<{ body: string }>("SELECT body FROM events WHERE type = 'metric' ORDER BY ts")
      .toArray()
      .map((r) => JSON.parse(r.body) as { name: string; value: number; unit?: string }),
  );

const counter = (value: number, timeMs: number, startMs = T0 - 1000, attrs = {}) => ({
  name: "http.server.requests",
  unit: "{request}",
  data: {
    case: "sum" as const,
    value: {
      isMonotonic: true,
      aggregationTemporality: 2,
      dataPoints: [
        {
          startTimeUnixNano: at(startMs),
          timeUnixNano: at(timeMs),
          value: { case: "asInt" as const, value: BigInt(value) },
          attributes: kv(attrs),
        },
      ],
    },
  },
});

describe("POST /otlp/:id/v1/metrics", () => {
  it("records gauges and non-monotonic sums by value, averaged across attribute sets", async () => {
    const h = await createHackathon();
    const gauge = {
      name: "system.cpu.utilization",
      unit: "1",
      data: {
        case: "gauge" as const,
        value: {
          dataPoints: [0.2, 0.6].map((v, cpu) => ({
            timeUnixNano: at(T0),
            value: { case: "asDouble" as const, value: v },
            attributes: kv({ cpu }),
          })),
        },
      },
    };
    const upDown = {
      name: "Queue-Depth",
      data: {
        case: "sum" as const,
        value: {
          isMonotonic: false,
          aggregationTemporality: 2,
          dataPoints: [{ timeUnixNano: at(T0), value: { case: "asInt" as const, value: 12n } }],
        },
      },
    };
    const response = await sendMetrics(h.hackathon.id, metricsRequest([gauge, upDown]), { token: h.ingest_token });
    expect(response.status).toBe(200);
    expect((await metricsAnswer(response)).partialSuccess).toBeUndefined();
    const figures = await metrics(h.hackathon.id, h.viewer_token);
    expect(figures["system.cpu.utilization"]?.value).toBeCloseTo(0.4, 10);
    expect(figures.queue_depth?.value).toBe(12);
  });

  it("reads a monotonic cumulative sum as a rate: the first point sets the base, a reset starts a new one, a retry adds nothing", async () => {
    const h = await createHackathon();
    const send = (value: number, timeMs: number, startMs?: number) =>
      sendMetrics(h.hackathon.id, metricsRequest([counter(value, timeMs, startMs)]), { token: h.ingest_token });
    await send(100, T0);
    expect(await metricEvents(h.hackathon.id)).toEqual([]);
    await send(160, T0 + 10_000);
    await send(160, T0 + 10_000); // the exporter's retry
    await send(5, T0 + 20_000); // the process restarted: a reset
    await send(25, T0 + 30_000);
    const events = await metricEvents(h.hackathon.id);
    expect(events.map((e) => e.value)).toEqual([6, 2]);
    expect(events[0]).toMatchObject({ name: "http.server.requests", unit: "{request}/s" });
  });

  it("adds the rates of a counter's attribute sets, keeping each set's own base", async () => {
    const h = await createHackathon();
    const send = (a: number, b: number, timeMs: number) =>
      sendMetrics(
        h.hackathon.id,
        metricsRequest([{ ...counter(a, timeMs, T0 - 1000, { route: "/a" }) }, { ...counter(b, timeMs, T0 - 1000, { route: "/b" }) }]),
        { token: h.ingest_token },
      );
    await send(10, 1000, T0);
    await send(20, 1500, T0 + 10_000);
    expect((await metricEvents(h.hackathon.id)).map((e) => e.value)).toEqual([1 + 50]);
  });

  it("reads a delta sum over its interval, and a histogram as its mean and a count per second", async () => {
    const h = await createHackathon();
    const delta = {
      name: "jobs.done",
      data: {
        case: "sum" as const,
        value: {
          isMonotonic: true,
          aggregationTemporality: 1,
          dataPoints: [{ startTimeUnixNano: at(T0 - 10_000), timeUnixNano: at(T0), value: { case: "asInt" as const, value: 30n } }],
        },
      },
    };
    const histogram = {
      name: "gen_ai.client.token.usage",
      unit: "{token}",
      data: {
        case: "histogram" as const,
        value: {
          aggregationTemporality: 1,
          dataPoints: [
            { startTimeUnixNano: at(T0 - 4_000), timeUnixNano: at(T0), count: 4n, sum: 1000, bucketCounts: [4n], explicitBounds: [] },
          ],
        },
      },
    };
    const response = await sendMetrics(h.hackathon.id, metricsRequest([delta, histogram]), { token: h.ingest_token, encoding: "json" });
    expect(response.status).toBe(200);
    const figures = await metrics(h.hackathon.id, h.viewer_token);
    expect(figures["jobs.done"]?.value).toBe(3);
    expect(figures["gen_ai.client.token.usage"]?.value).toBe(250);
    expect(figures["gen_ai.client.token.usage.count"]?.value).toBe(1);
    // The histogram of token usage stays a metric: no token was counted from it.
    const { body } = await apiJson(`/api/hackathons/${h.hackathon.id}/dashboard`, { token: h.viewer_token });
    expect(DashboardStateSchema.parse(body).token_metrics.total_consumed).toBe(0);
  });

  it("refuses new metric names past the cap through the partial success, and points it cannot read", async () => {
    const h = await quietHackathon();
    const gauge = (name: string) => ({
      name,
      data: { case: "gauge" as const, value: { dataPoints: [{ timeUnixNano: at(T0), value: { case: "asDouble" as const, value: 1 } }] } },
    });
    const first = await sendMetrics(h.hackathon.id, metricsRequest(Array.from({ length: 200 }, (_, i) => gauge(`m${i}`))), {
      token: h.ingest_token,
    });
    expect((await metricsAnswer(first)).partialSuccess).toBeUndefined();
    const noValue = { name: "broken", data: { case: "gauge" as const, value: { dataPoints: [{ timeUnixNano: at(T0) }] } } };
    const answer = await metricsAnswer(
      await sendMetrics(h.hackathon.id, metricsRequest([gauge("m0"), gauge("over.cap"), noValue]), { token: h.ingest_token }),
    );
    expect(answer.partialSuccess?.rejectedDataPoints).toBe(2n);
    expect(answer.partialSuccess?.errorMessage).toContain("past the cap of 200");
    expect(answer.partialSuccess?.errorMessage).toContain("not a finite number");
    expect((await metrics(h.hackathon.id, h.viewer_token))["over.cap"]).toBeUndefined();
  });

  it("keeps no cumulative base for a counter refused at the name cap, so it cannot push out an admitted stream's", async () => {
    const h = await quietHackathon();
    const gauge = (name: string) => ({
      name,
      data: { case: "gauge" as const, value: { dataPoints: [{ timeUnixNano: at(T0), value: { case: "asDouble" as const, value: 1 } }] } },
    });
    await sendMetrics(h.hackathon.id, metricsRequest(Array.from({ length: 200 }, (_, i) => gauge(`m${i}`))), { token: h.ingest_token });
    const overCap = { ...counter(10, T0), name: "over.cap.requests" };
    const answer = await metricsAnswer(await sendMetrics(h.hackathon.id, metricsRequest([overCap]), { token: h.ingest_token }));
    expect(answer.partialSuccess?.rejectedDataPoints).toBe(1n);
    const bases = await runInDurableObject(
      roomOf(h.hackathon.id),
      (_room: HackathonRoom, state) => state.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM otlp_cumulative_bases").one().n,
    );
    expect(bases).toBe(0);
  });

  it("rejects a delta point without a start time instead of reading it as a rate since 1970", async () => {
    const h = await quietHackathon();
    const unstarted = {
      name: "jobs.unstarted",
      data: {
        case: "sum" as const,
        value: {
          isMonotonic: true,
          aggregationTemporality: 1,
          dataPoints: [{ startTimeUnixNano: 0n, timeUnixNano: at(T0), value: { case: "asInt" as const, value: 30n } }],
        },
      },
    };
    const answer = await metricsAnswer(await sendMetrics(h.hackathon.id, metricsRequest([unstarted]), { token: h.ingest_token }));
    expect(answer.partialSuccess?.rejectedDataPoints).toBe(1n);
    expect(answer.partialSuccess?.errorMessage).toContain("no start");
    expect((await metrics(h.hackathon.id, h.viewer_token))["jobs.unstarted"]).toBeUndefined();
  });
});
