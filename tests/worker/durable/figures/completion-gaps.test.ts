// figures/completion-gaps.ts: the critical path's hours are kept where task events are applied,
// so the outlook (read on every cost change) never walks the board. An object from before that
// cache works them out once on the first read and keeps them.
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { readDashboard } from "../../../helpers/dashboard";
import { createHackathon } from "../../../helpers/hackathons";
import { roomOf } from "../../../helpers/rooms";
import { eventId, postEvents } from "../../../helpers/webhooks";

const keptHours = (id: string) =>
  runInDurableObject(roomOf(id), (_, ctx) => {
    const row = ctx.storage.sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = 'critical_path_hours'").toArray()[0];
    return row ? (JSON.parse(row.value) as unknown) : null;
  });

describe("the critical path's hours, kept", () => {
  it("are worked out and kept on the first read when an object from before the cache has none", async () => {
    const h = await createHackathon();
    const id = h.hackathon.id;
    const task = (taskId: string, hours: number, dependsOn: string[] = []) => ({
      id: eventId("t"),
      type: "task",
      ts: new Date().toISOString(),
      task: { id: taskId, title: taskId, status: "todo", estimated_hours: hours, depends_on: dependsOn },
    });
    const events = [task("a", 2), task("b", 3, ["a"]), task("c", 4)];
    expect((await postEvents(id, h.webhook_secret, { events })).status).toBe(200);
    expect(await keptHours(id)).toBe(5);

    // The older state: tasks on the board, no hours kept.
    await runInDurableObject(roomOf(id), (_, ctx) => {
      ctx.storage.sql.exec("DELETE FROM meta WHERE key = 'critical_path_hours'");
    });
    expect(await keptHours(id)).toBeNull();

    expect((await readDashboard(id, h.viewer_token)).outlook.critical_path_hours).toBe(5);
    expect(await keptHours(id)).toBe(5);
  });
});
