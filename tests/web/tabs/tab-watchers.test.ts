import { describe, expect, it } from "vitest";
import type { HackathonSocket, HackathonSocketOptions } from "$lib/live/hackathon-socket.svelte";
import { TabWatchers } from "$lib/tabs/tab-watchers.svelte";
import { makeAlert, makeDashboardState } from "../fixtures/dashboard-state";

class FakeSocket {
  state = makeDashboardState({ alerts: [makeAlert({ severity: "critical" })] });
  status = "open";
  started = false;
  stopped = false;
  constructor(readonly options: HackathonSocketOptions) {}
  start() {
    this.started = true;
  }
  stop() {
    this.stopped = true;
  }
}

function setup(tokens: Record<string, string>) {
  const storage = new Map(Object.entries(tokens));
  const fakeStorage = { getItem: (key: string) => storage.get(key) ?? null } as Storage;
  const made: FakeSocket[] = [];
  const watchers = new TabWatchers(fakeStorage, "https://pitwall.example", (options) => {
    const socket = new FakeSocket(options);
    made.push(socket);
    return socket as unknown as HackathonSocket;
  });
  return { watchers, made };
}

describe("TabWatchers", () => {
  it("keeps every background tab live and leaves the shown one to its dashboard", () => {
    const { watchers, made } = setup({ "pitwall.token.hackathon.jam-a": "viewer-a", "pitwall.token.admin": "admin" });
    watchers.sync(["jam-a", "jam-b", "jam-c"], "jam-b");
    expect(made.map((s) => [s.options.id, s.started])).toEqual([
      ["jam-a", true],
      ["jam-c", true],
    ]);
    expect(watchers.summary("jam-a")).toMatchObject({ alerts: 1, worst: "critical", live: true });
    expect(watchers.summary("jam-b")).toBeNull();

    // Switching to jam-a: its watcher stops, jam-b (now in the background) gets one; jam-c keeps its own.
    watchers.sync(["jam-a", "jam-b", "jam-c"], "jam-a");
    expect(made[0]?.stopped).toBe(true);
    expect(made.map((s) => s.options.id)).toEqual(["jam-a", "jam-c", "jam-b"]);
    expect(made[1]?.stopped).toBe(false);

    watchers.stopAll();
    expect(made.every((s) => s.stopped)).toBe(true);
  });

  it("watches nothing for a tab without a stored token", () => {
    const { watchers, made } = setup({});
    watchers.sync(["jam-a"], null);
    expect(made).toEqual([]);
    expect(watchers.summary("jam-a")).toBeNull();
  });
});
