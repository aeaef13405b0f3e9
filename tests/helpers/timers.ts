import { runInDurableObject } from "cloudflare:test";
import { roomOf } from "./rooms";

/** When the object's timer `name` is due, in its own clock; null when it has none. */
export function timerDue(hackathonId: string, name: string): Promise<number | null> {
  return runInDurableObject(roomOf(hackathonId), (_, state) => {
    const row = state.storage.sql.exec<{ due_at: number }>("SELECT due_at FROM timers WHERE name = ?", name).toArray()[0];
    return row?.due_at ?? null;
  });
}

/** When the object's earliest timer is due, in its own clock; null when it has none. */
export function nextTimerDue(hackathonId: string): Promise<number | null> {
  return runInDurableObject(roomOf(hackathonId), (_, state) => {
    return state.storage.sql.exec<{ due: number | null }>("SELECT MIN(due_at) AS due FROM timers").one().due;
  });
}
