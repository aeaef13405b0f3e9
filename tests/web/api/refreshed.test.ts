import { afterEach, describe, expect, it, vi } from "vitest";
import { Refreshed } from "$lib/api/refreshed.svelte";

afterEach(() => vi.useRealTimers());

describe("Refreshed", () => {
  it("holds the latest answer, or the error of the latest failure", async () => {
    let next: () => Promise<number> = () => Promise.resolve(1);
    const reader = new Refreshed(() => next());
    await reader.load();
    expect([reader.value, reader.error]).toEqual([1, null]);
    next = () => Promise.reject(new Error("offline"));
    await reader.load();
    expect([reader.value, reader.error]).toEqual([1, "offline"]);
    next = () => Promise.resolve(2);
    await reader.load();
    expect([reader.value, reader.error]).toEqual([2, null]);
  });

  it("reads once after a burst of refreshes settles, and never after it is stopped", async () => {
    vi.useFakeTimers();
    const read = vi.fn(() => Promise.resolve("x"));
    const reader = new Refreshed(read, 1000);
    for (let i = 0; i < 5; i++) reader.refresh();
    await vi.advanceTimersByTimeAsync(999);
    expect(read).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(read).toHaveBeenCalledTimes(1);
    reader.refresh();
    reader.stop();
    await vi.advanceTimersByTimeAsync(2000);
    expect(read).toHaveBeenCalledTimes(1);
  });

  it("drops an answer that arrives after it was stopped", async () => {
    let resolve: (value: string) => void = () => {};
    const reader = new Refreshed(() => new Promise<string>((r) => (resolve = r)));
    const pending = reader.load();
    reader.stop();
    resolve("late");
    await pending;
    expect(reader.value).toBeNull();
  });
});
