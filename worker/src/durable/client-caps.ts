import { AppError } from "../errors";
import type { Role } from "../contract";

/**
 * How many live sockets and SSE streams one client address (lib/client-address) may hold open
 * on one hackathon. A viewer token is shared by every wall screen and team, so a cap per token
 * would let one of them lock out the rest; a cap per address keeps any one client to a small
 * share of what the object serves (it is sized for 10,000 sockets, docs/performance.md).
 *
 * - 100 sockets: a venue behind one NAT, with its wall screens, organisers and teams each on
 *   the dashboard, stays under it; one client takes at most 1% of the room.
 * - 10 streams: the web app does not use SSE; scripts and integrations open one or two each.
 *
 * The admin is not capped, nor counted: it is the service's own credential (and the bench's
 * fan-out opens its 1,000 sockets with it from one machine).
 */
export const MAX_SOCKETS_PER_ADDRESS = 100;
export const MAX_STREAMS_PER_ADDRESS = 10;
/** Sockets and streams end when screens and scripts go away: by then a slot has usually freed up. */
export const CAP_RETRY_AFTER_S = 30;

/** The hibernation tag a socket carries for its client address, so counting them is one lookup. */
export const addressTag = (address: string) => `address:${address}`;

export const isCapped = (role: Role): boolean => role !== "admin";

/** Throws 429 with Retry-After when one more would pass the cap. */
export function refuseOverCap(open: number, cap: number, what: string): void {
  if (open < cap) return;
  throw new AppError(
    429,
    "rate_limited",
    `This address already holds ${cap} ${what} on this hackathon; retry after ${CAP_RETRY_AFTER_S} s`,
    [],
    {
      "retry-after": String(CAP_RETRY_AFTER_S),
    },
  );
}
