// views/dashboard-state.ts: the burn estimate (about 14 queries) and the task figures feed two
// parts each (cost and outlook, tasks and outlook). One read of figures, a whole state or one
// live frame, works each out once.
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { HackathonRoom } from "../../../../worker/src/durable/hackathon-room";
import type { PartKind } from "../../../../worker/src/durable/views/dashboard-state";
import { readDashboardState, readPart } from "../../../../worker/src/durable/views/dashboard-state";
import { loadRecord } from "../../../../worker/src/durable/room-record";
import { createHackathon } from "../../../helpers/hackathons";
import { roomOf } from "../../../helpers/rooms";
import { eventId, postEvents } from "../../../helpers/webhooks";

/** Queries run once per burn estimate (its last arrival) and once per task read (the board's totals). */
const BURN_QUERY = "MAX(received_at) AS at FROM events WHERE type = 'cost'";
const TASKS_QUERY = "SUM(CASE WHEN status = 'blocked' THEN 1 ELSE 0 END)";

/** The object's own storage, counting the queries run through it. */
function countingSql(sql: SqlStorage) {
  const queries: string[] = [];
  const counting = new Proxy(sql, {
    get(target, prop) {
      if (prop === "exec") {
        return (query: string, ...bindings: unknown[]) => {
          queries.push(query);
          return target.exec(query, ...bindings);
        };
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  const count = (marker: string) => queries.filter((q) => q.includes(marker)).length;
  return { sql: counting, count };
}

async function hackathonWithFigures() {
  const h = await createHackathon({ ends_at: new Date(Date.now() + 24 * 3_600_000).toISOString() });
  const ts = new Date().toISOString();
  const events = [
    { id: eventId("c"), type: "cost", ts, amount: 12 },
    { id: eventId("t"), type: "task", ts, task: { id: "a", title: "a", status: "done" } },
    { id: eventId("t"), type: "task", ts, task: { id: "b", title: "b", status: "todo" } },
  ];
  expect((await postEvents(h.hackathon.id, h.webhook_secret, { events })).status).toBe(200);
  return h.hackathon.id;
}

describe("figures shared between parts", () => {
  it("are worked out once for a whole state", async () => {
    const id = await hackathonWithFigures();
    await runInDurableObject(roomOf(id), (_, ctx) => {
      const { sql, count } = countingSql(ctx.storage.sql);
      const state = readDashboardState({ sql, record: loadRecord(ctx.storage.sql)!, now: Date.now() });
      expect(state.cost_metrics.current_spend).toBe(12);
      expect(state.outlook.work_complete_at).toBe(state.task_metrics.estimated_completion);
      expect(count(BURN_QUERY)).toBe(1);
      expect(count(TASKS_QUERY)).toBe(1);
    });
  });

  it("are worked out once for the parts of one frame, and afresh for the next frame", async () => {
    const id = await hackathonWithFigures();
    await runInDurableObject(roomOf(id), (room: HackathonRoom, ctx) => {
      const { sql, count } = countingSql(ctx.storage.sql);
      const record = loadRecord(ctx.storage.sql)!;
      let frames = 0;
      const kinds: PartKind[] = ["cost", "tasks", "outlook"];
      // What the object hands the live channel (room-pipeline.ts `commit`): one context per frame.
      const readFrame = () => {
        frames++;
        const figures = { sql, record, now: Date.now() };
        return (kind: PartKind) => readPart[kind](figures);
      };
      room.live.notify(kinds, readFrame);
      room.live.flushFrame();
      expect(frames).toBe(1);
      expect(count(BURN_QUERY)).toBe(1);
      expect(count(TASKS_QUERY)).toBe(1);

      room.live.notify(kinds, readFrame);
      room.live.flushFrame();
      expect(frames).toBe(2);
      expect(count(BURN_QUERY)).toBe(2);
    });
  });
});
