import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import type { HackathonRoom } from "../../worker/src/durable/hackathon-room";

export function roomOf(hackathonId: string) {
  return env.HACKATHON_ROOM.get(env.HACKATHON_ROOM.idFromName(hackathonId));
}

/** Pins the object's clock, so time-windowed figures can be checked against hand-computed values. */
export function pinClock(hackathonId: string, at: number): Promise<void> {
  return runInDurableObject(roomOf(hackathonId), (room: HackathonRoom) => room.clock.pin(at));
}

/** Moves the object's clock to `at` and fires its alarm, as the platform would at that time. */
export async function runAlarmAt(hackathonId: string, at: number): Promise<boolean> {
  await pinClock(hackathonId, at);
  return runDurableObjectAlarm(roomOf(hackathonId));
}
