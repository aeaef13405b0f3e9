import { desc } from "drizzle-orm";
import type { Db } from "../client";
import { hackathons } from "../schema";

export type RegistryRow = typeof hackathons.$inferInsert;

export function upsertRegistryStatement(db: Db, row: RegistryRow) {
  const { id, createdAt, ...rest } = row;
  return db
    .insert(hackathons)
    .values(row)
    .onConflictDoUpdate({ target: hackathons.id, set: { ...rest } });
}

export function listRegistry(db: Db) {
  return db.select().from(hackathons).orderBy(desc(hackathons.createdAt), hackathons.id);
}

/** Just the ids, oldest first: what a fan-out over every hackathon's object needs. */
export function listRegistryIds(db: Db) {
  return db.select({ id: hackathons.id }).from(hackathons).orderBy(hackathons.createdAt, hackathons.id);
}
