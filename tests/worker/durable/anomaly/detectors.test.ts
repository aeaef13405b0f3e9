import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { scorePoints } from "../../../../worker/src/durable/anomaly/detectors";
import type { SeriesPoint } from "../../../../worker/src/durable/anomaly/series-points";
import { createHackathon } from "../../../helpers/hackathons";
import { roomOf } from "../../../helpers/rooms";

const NOW = Date.parse("2026-11-28T10:00:00Z");
const SERIES = "metric.latency";
const point = (i: number, value: number): SeriesPoint => ({ series: SERIES, ts: NOW + i * 1000, value, context: {} });
const steady = (from: number, n: number) => Array.from({ length: n }, (_, i) => point(from + i, 100 + (i % 3)));

async function inRoom<T>(run: (storage: DurableObjectStorage) => T): Promise<T> {
  const { hackathon } = await createHackathon();
  return runInDurableObject(roomOf(hackathon.id), (_, state) => run(state.storage));
}

const scores = (sql: SqlStorage, points: SeriesPoint[]) => scorePoints(sql, points, NOW).map((p) => [p.score, p.seen]);

describe("stored detectors", () => {
  it("score a rolled-back batch's points again as if it had never been read", async () => {
    const [expected, actual] = await Promise.all([
      inRoom(({ sql }) => {
        scores(sql, steady(0, 30));
        return scores(sql, [point(30, 900), ...steady(31, 5)]);
      }),
      inRoom((storage) => {
        scores(storage.sql, steady(0, 30));
        expect(() =>
          storage.transactionSync(() => {
            scores(storage.sql, [point(30, 5), point(31, 5)]);
            throw new Error("the ingest failed after scoring");
          }),
        ).toThrow("the ingest failed");
        return scores(storage.sql, [point(30, 900), ...steady(31, 5)]);
      }),
    ]);
    expect(actual).toEqual(expected);
    expect(actual[0]![0]).toBeGreaterThan(0.5);
  });

  it("read the stored state again when it changed underneath", async () => {
    const read = await inRoom(({ sql }) => {
      scores(sql, steady(0, 30));
      sql.exec('UPDATE detectors SET state = \'{"version":1,"window":"garbage"}\' WHERE series = ?', SERIES);
      const [[, seen]] = scores(sql, [point(30, 100)]) as [[number, number]];
      return { seen, resets: sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM rca_log WHERE kind = 'detector_reset'").one().n };
    });
    expect(read).toEqual({ seen: 0, resets: 1 });
  });
});
