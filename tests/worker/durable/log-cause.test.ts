import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { HackathonRoom } from "../../../worker/src/durable/hackathon-room";
import { cost } from "../../helpers/alerts";
import { api } from "../../helpers/api";
import { withFailingD1 } from "../../helpers/failing-d1";
import { createHackathon } from "../../helpers/hackathons";
import { logsDuring } from "../../helpers/logs";
import { pinClock, roomOf } from "../../helpers/rooms";
import { signHeaders } from "../../helpers/webhooks";

const NOW = Math.floor(Date.now() / 60_000) * 60_000;

describe("log lines of the hackathon object name what caused them", () => {
  it("carries the Worker's request id into a failure the delivery caused in the object", async () => {
    const { hackathon, webhook_secret } = await createHackathon();
    await pinClock(hackathon.id, NOW);
    // Alert evaluation runs after the events are committed; without its table it fails, ingestion does not.
    await runInDurableObject(roomOf(hackathon.id), (_, state) => state.storage.sql.exec("DROP TABLE budget_levels"));
    const body = JSON.stringify(cost(NOW, { amount: 5 }));
    let status = 0;
    const logs = await logsDuring(async () => {
      const response = await api(`/webhooks/${hackathon.id}/events`, {
        method: "POST",
        token: null,
        body,
        headers: { ...signHeaders(webhook_secret, body), "x-request-id": "req-caused-by-42" },
      });
      status = response.status;
    });
    expect(status).toBe(200);
    const failure = logs.find((line) => line.msg === "alert evaluation failed");
    expect(failure).toMatchObject({ level: "error", hackathon: hackathon.id, request_id: "req-caused-by-42" });
    expect(failure).not.toHaveProperty("timer");
    expect(logs.find((line) => line.msg === "request")).toMatchObject({ request_id: "req-caused-by-42", status: 200 });
  });

  it("carries the request id of a config change whose immediate flush to D1 fails", async () => {
    const { hackathon } = await createHackathon();
    let status = 0;
    const logs = await withFailingD1({ room: hackathon.id }, () =>
      logsDuring(async () => {
        const response = await api(`/api/hackathons/${hackathon.id}`, {
          method: "PATCH",
          json: { name: "Renamed" },
          headers: { "x-request-id": "req-patch-7" },
        });
        status = response.status;
      }),
    );
    expect(logs.find((line) => line.msg === "history flush failed")).toMatchObject({ hackathon: hackathon.id, request_id: "req-patch-7" });
    expect(status).toBe(200);
  });

  it("names the timer, not a request, for work an alarm caused", async () => {
    const { hackathon } = await createHackathon();
    const logs = await logsDuring(() =>
      runInDurableObject(roomOf(hackathon.id), async (instance: HackathonRoom, state) => {
        state.storage.sql.exec("INSERT INTO history_dirty (series, minute, version) VALUES ('cost.spend', ?, 1)", NOW / 60_000);
        state.storage.sql.exec("INSERT OR REPLACE INTO timers (name, due_at) VALUES ('history-flush', 0)");
        await withFailingD1(instance["env"], () => instance.alarm());
      }),
    );
    const failure = logs.find((line) => line.msg === "history flush failed");
    expect(failure).toMatchObject({ level: "error", hackathon: hackathon.id, timer: "history-flush" });
    expect(failure).not.toHaveProperty("request_id");
  });
});
