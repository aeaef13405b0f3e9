import { describe, expect, it } from "vitest";
import { addAnomalyMark, upsertIncident, upsertOpenAlert } from "$lib/live/list-updates";
import { makeAlert, makeAnomalyMark, makeIncident } from "../fixtures/dashboard-state";

describe("upsertOpenAlert", () => {
  it("keeps the list newest first when a new alert arrives, and updates one in place", () => {
    const older = makeAlert({ id: "old", timestamp: "2026-11-28T09:00:00Z" });
    const newer = makeAlert({ id: "new", timestamp: "2026-11-28T10:00:00Z" });
    const list = upsertOpenAlert(upsertOpenAlert([], older), newer);
    expect(list.map((a) => a.id)).toEqual(["new", "old"]);
    const acknowledged = upsertOpenAlert(list, { ...older, status: "acknowledged", acknowledged_at: "2026-11-28T10:01:00Z" });
    expect(acknowledged.map((a) => [a.id, a.status])).toEqual([
      ["new", "open"],
      ["old", "acknowledged"],
    ]);
  });

  it("drops an alert once its status is resolved, even if the flag lags", () => {
    const list = [makeAlert({ id: "a" }), makeAlert({ id: "b" })];
    expect(upsertOpenAlert(list, makeAlert({ id: "a", status: "resolved" })).map((a) => a.id)).toEqual(["b"]);
    expect(upsertOpenAlert(list, makeAlert({ id: "b", resolved: true })).map((a) => a.id)).toEqual(["a"]);
  });
});

describe("upsertIncident", () => {
  const now = "2026-11-28T12:00:00Z";

  it("adds incidents newest opened first and replaces one by id", () => {
    const first = makeIncident({ id: "first", opened_at: "2026-11-28T10:00:00Z" });
    const second = makeIncident({ id: "second", opened_at: "2026-11-28T11:00:00Z" });
    const list = upsertIncident(upsertIncident([], first, now), second, now);
    expect(list.map((i) => i.id)).toEqual(["second", "first"]);
    const rescored = upsertIncident(list, { ...first, confidence: 0.4 }, now);
    expect(rescored.map((i) => [i.id, i.confidence])).toEqual([
      ["second", 0.82],
      ["first", 0.4],
    ]);
  });

  it("keeps a resolved incident for a day after it resolved, then lets it go", () => {
    const recent = makeIncident({ id: "recent", status: "resolved", resolved_at: "2026-11-28T02:00:00Z" });
    const old = makeIncident({ id: "old", status: "resolved", opened_at: "2026-11-27T08:00:00Z", resolved_at: "2026-11-27T09:00:00Z" });
    const list = upsertIncident([old], recent, now);
    expect(list.map((i) => i.id)).toEqual(["recent"]);
  });
});

describe("addAnomalyMark", () => {
  const now = "2026-11-28T12:00:00Z";

  it("keeps marks in time order and replaces a rescored point of the same series", () => {
    const late = makeAnomalyMark({ ts: "2026-11-28T11:00:00Z" });
    const early = makeAnomalyMark({ ts: "2026-11-28T10:00:00Z" });
    const otherSeries = makeAnomalyMark({ series: "tokens.rate", ts: "2026-11-28T11:00:00Z", score: 0.85 });
    let marks = addAnomalyMark([], late, now);
    marks = addAnomalyMark(marks, early, now);
    marks = addAnomalyMark(marks, otherSeries, now);
    marks = addAnomalyMark(marks, { ...late, ts: "2026-11-28T11:00:00.000Z", score: 0.99 }, now);
    expect(marks.map((m) => [m.series, m.ts, m.score])).toEqual([
      ["cost.spend", "2026-11-28T10:00:00Z", 0.93],
      ["tokens.rate", "2026-11-28T11:00:00Z", 0.85],
      ["cost.spend", "2026-11-28T11:00:00.000Z", 0.99],
    ]);
  });

  it("forgets marks older than a day", () => {
    const stale = makeAnomalyMark({ ts: "2026-11-27T11:59:00Z" });
    const marks = addAnomalyMark([stale], makeAnomalyMark({ ts: "2026-11-28T11:59:00Z" }), now);
    expect(marks.map((m) => m.ts)).toEqual(["2026-11-28T11:59:00Z"]);
  });

  it("keeps at most the newest `max` marks", () => {
    let marks = [makeAnomalyMark({ ts: "2026-11-28T11:00:00Z" })];
    for (const minute of ["01", "02", "03"]) {
      marks = addAnomalyMark(marks, makeAnomalyMark({ ts: `2026-11-28T11:${minute}:00Z` }), now, 3);
    }
    expect(marks.map((m) => m.ts)).toEqual(["2026-11-28T11:01:00Z", "2026-11-28T11:02:00Z", "2026-11-28T11:03:00Z"]);
  });
});
