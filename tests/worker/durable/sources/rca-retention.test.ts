import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { appendRca, RCA_LOG_KEEP, readRcaLog } from "../../../../worker/src/durable/sources/logs";
import { createHackathon } from "../../../helpers/hackathons";
import { roomOf } from "../../../helpers/rooms";

describe("the RCA log's retention", () => {
  it("keeps the newest 1,000 entries, dropping the oldest as new ones come", async () => {
    const h = await createHackathon();
    const kept = await runInDurableObject(roomOf(h.hackathon.id), (_, state) => {
      const sql = state.storage.sql;
      for (let i = 0; i < RCA_LOG_KEEP + 5; i++) {
        appendRca(sql, { at: 1_000 + i, source: "tasks", kind: "dependency_cycle", summary: `entry ${i}`, detail: {} });
      }
      const rows = sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM rca_log WHERE summary LIKE 'entry %'").one();
      return {
        count: sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM rca_log").one().n,
        newest: readRcaLog(sql, {}, 1)[0]!.summary,
        rows,
      };
    });
    expect(RCA_LOG_KEEP).toBe(1000);
    expect(kept.count).toBe(1000);
    expect(kept.newest).toBe(`entry ${RCA_LOG_KEEP + 4}`);
    expect(kept.rows.n).toBe(1000);
  });
});
