import { limitExceeded } from "../../errors";

/**
 * The longest a silence or maintenance window may mute alerts (CONTRACT section 5): one that
 * is forgotten, or set by someone who should not hide alerts, must not hide them for good.
 */
export const MAX_MUTE_MS = 7 * 24 * 3_600_000;

/** Refuses a mute longer than MAX_MUTE_MS, naming the field to change; nothing is stored. */
export function checkMuteLength(what: string, startsAt: number, endsAt: number): void {
  if (endsAt - startsAt <= MAX_MUTE_MS) return;
  throw limitExceeded(`${what} lasts at most 7 days`, [{ path: "ends_at", message: "must be at most 7 days after starts_at (or now)" }]);
}
