import type { HackathonRoom } from "./hackathon-room";

export type RoomStub = DurableObjectStub<HackathonRoom>;

/** The hackathon's object, by its id: the Worker's routes and its metrics reach rooms only through this. */
export function roomStub(env: Env, id: string): RoomStub {
  return env.HACKATHON_ROOM.get(env.HACKATHON_ROOM.idFromName(id));
}
