import packageJson from "../../../../package.json";
import type { D1Health, DeepHealth, HackathonHealth } from "../../contract";
import { createDb } from "../../db/client";
import { unwrap } from "../../durable/outcome";
import { toIso } from "../../lib/time";
import { askRooms, listHackathonIds } from "../../observability/ask-rooms";

async function checkD1(db: D1Database): Promise<D1Health> {
  const started = performance.now();
  try {
    await db.prepare("SELECT 1").first();
    return { status: "up", latency_ms: performance.now() - started, error: null };
  } catch (error) {
    return { status: "down", latency_ms: performance.now() - started, error: error instanceof Error ? error.message : String(error) };
  }
}

/** Every hackathon's object, asked about its own machinery; null when D1 cannot list them. */
async function checkHackathons(env: Env): Promise<HackathonHealth[] | null> {
  let ids: string[];
  try {
    ids = await listHackathonIds(createDb(env.DB));
  } catch {
    return null;
  }
  const answers = await askRooms(env, ids, async (room) => unwrap(await room.health()));
  return answers.map((a) => (a.ok ? { id: a.id, status: "up", error: null, ...a.value } : { id: a.id, status: "down", error: a.error }));
}

/** `/healthz?deep=1`: D1 and every hackathon's object; `ok` only when all of them are up. */
export async function checkDeepHealth({ env, now }: { env: Env; now: number }): Promise<DeepHealth> {
  const [d1, hackathons] = await Promise.all([checkD1(env.DB), checkHackathons(env)]);
  const ok = d1.status === "up" && hackathons !== null && hackathons.every((h) => h.status === "up");
  return { ok, version: packageJson.version, checked_at: toIso(now), components: { d1, hackathons } };
}
