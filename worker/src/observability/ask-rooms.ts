import { listRegistryIds } from "../db/queries/hackathons";
import type { Db } from "../db/client";
import { roomStub, type RoomStub } from "../durable/room-stub";

/** Objects asked at once; enough to overlap their latency without a burst of subrequests. */
const CONCURRENCY = 8;

export type RoomAnswer<T> = { id: string; ok: true; value: T } | { id: string; ok: false; error: string };

/** Every hackathon's id, from the D1 registry the objects keep current. Throws when D1 is down. */
export async function listHackathonIds(db: Db): Promise<string[]> {
  return (await listRegistryIds(db)).map((row) => row.id);
}

/**
 * Asks each hackathon's object the same question, a few at a time, in the order given. An
 * object that fails answers with its error instead of failing the whole round.
 */
export async function askRooms<T>(env: Env, ids: string[], ask: (room: RoomStub) => Promise<T>): Promise<RoomAnswer<T>[]> {
  const answers: RoomAnswer<T>[] = [];
  for (let start = 0; start < ids.length; start += CONCURRENCY) {
    const batch = ids.slice(start, start + CONCURRENCY);
    answers.push(
      ...(await Promise.all(
        batch.map(async (id): Promise<RoomAnswer<T>> => {
          try {
            return { id, ok: true, value: await ask(roomStub(env, id)) };
          } catch (error) {
            return { id, ok: false, error: error instanceof Error ? error.message : String(error) };
          }
        }),
      )),
    );
  }
  return answers;
}
