import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { GapsResponseSchema, RcaResponseSchema } from "../../../../worker/src/contract";
import { apiJson } from "../../../helpers/api";
import { createHackathon } from "../../../helpers/hackathons";
import { roomOf } from "../../../helpers/rooms";
import { eventId, postEvents } from "../../../helpers/webhooks";

describe("the memory of reported dependency cycles", () => {
  it("is rebuilt when corrupt: the gaps still answer and the cycle is logged again once", async () => {
    const h = await createHackathon();
    const id = h.hackathon.id;
    const ts = new Date(Date.now() - 60_000).toISOString();
    const loop = [
      { id: "A", status: "todo", depends_on: ["B"] },
      { id: "B", status: "todo", depends_on: ["A"] },
    ].map((task) => ({ id: eventId("t"), type: "task", ts, task: { title: task.id, ...task } }));
    expect((await postEvents(id, h.webhook_secret, { events: loop })).status).toBe(200);
    const gaps = async () => {
      const { status, body } = await apiJson(`/api/hackathons/${id}/gaps`);
      expect(status).toBe(200);
      return GapsResponseSchema.parse(body);
    };
    const logged = async () =>
      RcaResponseSchema.parse((await apiJson(`/api/hackathons/${id}/rca`)).body).entries.filter((e) => e.kind === "dependency_cycle").length;

    expect((await gaps()).cycles).toEqual([["A", "B"]]);
    expect(await logged()).toBe(1);
    await runInDurableObject(roomOf(id), (_, state) =>
      state.storage.sql.exec("UPDATE meta SET value = '[\"A\", 7' WHERE key = 'dependency_cycles_reported'"),
    );
    expect((await gaps()).cycles).toEqual([["A", "B"]]);
    expect((await gaps()).cycles).toEqual([["A", "B"]]);
    expect(await logged()).toBe(2);
  });
});
