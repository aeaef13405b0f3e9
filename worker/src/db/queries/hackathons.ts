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

