import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { readPublicIncidents } from "../../../../worker/src/durable/alerts/public-incidents";
import { at, M } from "../../../helpers/alerts";
import { createHackathon } from "../../../helpers/hackathons";
import { roomOf } from "../../../helpers/rooms";

const NOW = Date.parse("2026-11-28T12:00:00Z");

describe("the public incident list", () => {
  it("keeps an old open incident however many newer ones resolved, and fills the rest up to 20, newest first", async () => {
    const { hackathon } = await createHackathon();
    const listed = await runInDurableObject(roomOf(hackathon.id), (_, state) => {
      const sql = state.storage.sql;
      sql.exec("INSERT INTO budget_incidents (id, opened_at, updated_at) VALUES ('budget-1', ?, ?)", NOW - 60 * M, NOW - 60 * M);
      for (let i = 0; i < 25; i++) {
        sql.exec(
          `INSERT INTO incidents (id, opened_at, updated_at, last_observed_at, resolved_at, root_cause, root_series, confidence)
           VALUES (?, ?, ?, ?, ?, 'secret root cause', 'cost.spend', 1)`,
          `incident-${i}`,
          NOW - (30 - i) * M,
          NOW - (29 - i) * M,
          NOW - (30 - i) * M,
          NOW - (29 - i) * M,
        );
      }
      return readPublicIncidents(sql, NOW);
    });
    expect(listed).toHaveLength(20);
    expect(listed.at(-1)).toEqual({
      id: "budget-1",
      status: "open",
      opened_at: at(NOW - 60 * M),
      updated_at: at(NOW - 60 * M),
      resolved_at: null,
      summary: "Budget",
      sources: ["cost"],
    });
    expect(listed.slice(0, 19).map((i) => i.id)).toEqual(Array.from({ length: 19 }, (_, k) => `incident-${24 - k}`));
    expect(new Set(listed.slice(0, 19).map((i) => `${i.status} ${i.summary}`))).toEqual(new Set(["resolved Cost anomaly"]));
  });
});
