import { type Members, roleAtLeast, SESSION_END } from "../contract";
import { memberRole } from "../lib/members";
import { armAlarm, scheduleTimer } from "./alarm-plan";
import type { AlertStream } from "./alerts/alert-stream";
import type { Session } from "./credentials";
import type { LiveChannel } from "./live/live-channel";

/**
 * What a signed-in person opened (live sockets, SSE streams, unspent tickets) survives a rotation
 * of the hackathon's tokens (docs/contract.md section 2), but not the membership it was opened
 * under, nor the Access token that proved who they were:
 * - a save of `members` that leaves a person a smaller role than the one they hold, or none,
 *   ends theirs at once, as a rotation ends a token's (close code 4001);
 * - each socket or stream carries its Access token's expiry, and the `sessions` timer closes it
 *   at the first alarm at or after that moment (the person reconnects through Access).
 * People in ACCESS_ADMIN_EMAILS hold the admin role, which `members` does not give: theirs stay.
 */

type Ends = (session: Session) => boolean;

/** Sessions a save of `members` ends: a person's (not an admin's) whose role there dropped below the one they hold. */
export function outlivesMembership(members: Members | undefined): Ends {
  return (session) => {
    if (!session.person || session.role === "admin") return false;
    // A person's session from before emails were kept cannot show it is still a member: it ends.
    if (session.email === undefined) return true;
    const role = memberRole(members, session.email);
    return role === null || !roleAtLeast(role, session.role);
  };
}

const expiredBy =
  (now: number): Ends =>
  (session) =>
    session.person === true && session.endsAt !== undefined && session.endsAt <= now;

type Holders = { sql: SqlStorage; live: LiveChannel; stream: AlertStream };

/** Ends what the new `members` no longer allow: sockets, streams, and unspent tickets. No await: call it before the save. */
export function endMembershipSessions({ sql, live, stream }: Holders, members: Members | undefined): void {
  const ends = outlivesMembership(members);
  const tickets = sql.exec<{ hash: string; role: Session["role"]; email: string | null }>(
    "SELECT hash, role, email FROM tickets WHERE person = 1",
  );
  for (const row of tickets.toArray())
    if (ends({ role: row.role, person: true, email: row.email ?? undefined })) sql.exec("DELETE FROM tickets WHERE hash = ?", row.hash);
  live.endSessions(ends, SESSION_END.code, SESSION_END.membershipChanged);
  stream.endSessions(ends);
}

/** Closes people's sessions whose Access token has expired; returns when the next one expires (the `sessions` timer), or null. */
export function endExpiredSessions({ live, stream }: Holders, now: number): number | null {
  const expired = expiredBy(now);
  live.endSessions(expired, SESSION_END.code, SESSION_END.signInExpired);
  stream.endSessions(expired);
  let next: number | null = null;
  for (const session of [...live.sessions(), ...stream.sessions()])
    if (session.person && session.endsAt !== undefined && session.endsAt > now) next = Math.min(next ?? session.endsAt, session.endsAt);
  return next;
}

/**
 * A socket or stream was opened: a person's sets the `sessions` timer (and the alarm) by its
 * Access token's expiry. A token's needs neither, so the upgrade path does no alarm I/O for it.
 */
export async function watchExpiry(storage: DurableObjectStorage, session: Session, now: number): Promise<void> {
  if (!session.person || session.endsAt === undefined) return;
  scheduleTimer(storage.sql, "sessions", session.endsAt);
  await armAlarm(storage, storage.sql, now);
}
