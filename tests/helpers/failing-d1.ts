import { runInDurableObject } from "cloudflare:test";
import type { HackathonRoom } from "../../worker/src/durable/hackathon-room";
import { roomOf } from "./rooms";

/** A D1 binding that is down: statements prepare, but every batch and query fails. */
export function failingD1(): D1Database {
  const fail = async () => {
    throw new Error("D1_ERROR: database unavailable");
  };
  const statement: Record<string, unknown> = {};
  Object.assign(statement, { bind: () => statement, run: fail, all: fail, raw: fail, first: fail });
  return { prepare: () => statement, batch: fail, exec: fail, dump: fail, withSession: () => failingD1() } as unknown as D1Database;
}

/**
 * Where a D1 binding is read from: an env object at hand (the Worker's `env`, or an object's
 * `instance["env"]` inside runInDurableObject), or a hackathon's object, reached from outside.
 */
export type D1Site = { DB: D1Database } | { room: string };

/** Runs `run` while every site's D1 is down, then puts the real bindings back, also when `run` throws. */
export async function withFailingD1<T>(sites: D1Site | D1Site[], run: () => T | Promise<T>): Promise<T> {
  const restores: Array<() => Promise<void>> = [];
  try {
    for (const site of Array.isArray(sites) ? sites : [sites]) restores.push(await replaceD1(site, failingD1()));
    return await run();
  } finally {
    for (const restore of restores.reverse()) await restore();
  }
}

/** Points the site at `db`; returns how to point it back. */
async function replaceD1(site: D1Site, db: D1Database): Promise<() => Promise<void>> {
  if ("room" in site) {
    const room = roomOf(site.room);
    const swap = (next: D1Database) =>
      runInDurableObject(room, (instance: HackathonRoom) => {
        const previous = instance["env"].DB;
        Object.assign(instance["env"], { DB: next });
        return previous;
      });
    const real = await swap(db);
    return async () => void (await swap(real));
  }
  const real = site.DB;
  Object.assign(site, { DB: db });
  return async () => void Object.assign(site, { DB: real });
}
