import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ErrorBodySchema, HistoryResponseSchema } from "../../../../worker/src/contract";
import { apiJson } from "../../../helpers/api";
import { createHackathon } from "../../../helpers/hackathons";

const T = Date.parse("2026-11-27T12:00:00Z") / 1000;
const iso = (s: number) => new Date(s * 1000).toISOString();

async function seed(hackathonId: string, series: string, values: number[]) {
  const insert = env.DB.prepare("INSERT INTO series_points (hackathon_id, series, minute, value) VALUES (?, ?, ?, ?)");
  await env.DB.batch(values.map((value, i) => insert.bind(hackathonId, series, T + i * 60, value)));
}

async function history(id: string, token: string, query: string) {
  const { status, body } = await apiJson(`/api/hackathons/${id}/history?${query}`, { token });
  return { status, body };
}

describe("GET /api/hackathons/:id/history", () => {
  it("returns per-minute points in the range, oldest first", async () => {
    const h = await createHackathon();
    await seed(h.hackathon.id, "cost.spend", [1, 2, 3, 4, 5]);
    const { status, body } = await history(h.hackathon.id, h.viewer_token, `series=cost.spend&from=${iso(T + 60)}&to=${iso(T + 180)}`);
    expect(status).toBe(200);
    expect(HistoryResponseSchema.parse(body)).toEqual({
      series: "cost.spend",
      step_s: 60,
      points: [
        [iso(T + 60), 2],
        [iso(T + 120), 3],
        [iso(T + 180), 4],
      ],
    });
  });

  it("downsamples a level series to each bucket's last value and a rate series to its mean", async () => {
    const h = await createHackathon();
    await seed(h.hackathon.id, "cost.spend", [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    await seed(h.hackathon.id, "tokens.rate", [10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
    const range = `from=${iso(T)}&to=${iso(T + 600)}&step=300`;
    const spend = await history(h.hackathon.id, h.viewer_token, `series=cost.spend&${range}`);
    expect(spend.body).toEqual({
      series: "cost.spend",
      step_s: 300,
      points: [
        [iso(T), 5],
        [iso(T + 300), 10],
      ],
    });
    const rate = await history(h.hackathon.id, h.viewer_token, `series=tokens.rate&${range}`);
    expect(rate.body).toEqual({
      series: "tokens.rate",
      step_s: 300,
      points: [
        [iso(T), 30],
        [iso(T + 300), 80],
      ],
    });
  });

  it("widens the step so a long range stays drawable", async () => {
    const h = await createHackathon();
    const { body } = await history(h.hackathon.id, h.viewer_token, `series=cost.spend&from=${iso(T - 30 * 86400)}&to=${iso(T)}&step=60`);
    expect(HistoryResponseSchema.parse(body).step_s).toBe(1320);
  });

  it("accepts the anomaly score of any series by name", async () => {
    const h = await createHackathon();
    await seed(h.hackathon.id, "anomaly.metric.latency_ms", [0.1, 0.95]);
    const { status, body } = await history(
      h.hackathon.id,
      h.viewer_token,
      `series=anomaly.metric.latency_ms&from=${iso(T)}&to=${iso(T + 60)}`,
    );
    expect(status).toBe(200);
    expect(HistoryResponseSchema.parse(body).points).toEqual([
      [iso(T), 0.1],
      [iso(T + 60), 0.95],
    ]);
  });

  it("refuses unknown series and reversed ranges with the offending path", async () => {
    const h = await createHackathon();
    for (const [query, path] of [
      ["series=cost.nope", "series"],
      ["series=metric.Bad-Name", "series"],
      ["series=anomaly.cost.nope", "series"],
      [`series=cost.spend&from=${iso(T)}&to=${iso(T - 60)}`, "from"],
      ["series=cost.spend&step=10", "step"],
    ] as const) {
      const { status, body } = await history(h.hackathon.id, h.viewer_token, query);
      expect(status, query).toBe(400);
      expect(
        ErrorBodySchema.parse(body).error.issues.map((i) => i.path),
        query,
      ).toContain(path);
    }
  });

  it("shows one hackathon's history to no other viewer", async () => {
    const a = await createHackathon();
    const b = await createHackathon();
    await seed(b.hackathon.id, "cost.spend", [42]);
    expect((await history(b.hackathon.id, a.viewer_token, "series=cost.spend")).status).toBe(404);
    const own = await history(a.hackathon.id, a.viewer_token, `series=cost.spend&from=${iso(T)}&to=${iso(T + 60)}`);
    expect(HistoryResponseSchema.parse(own.body).points).toEqual([]);
  });
});
