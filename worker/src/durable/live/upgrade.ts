import type { SnapshotMessage } from "../../contract";
import { clientAddress } from "../../lib/client-address";
import { addressTag, isCapped, MAX_SOCKETS_PER_ADDRESS, refuseOverCap } from "../client-caps";
import { authorizeUpgrade, type ReaderRole } from "../credentials";
import { watchExpiry } from "../member-sessions";
import type { LiveChannel } from "./live-channel";

/**
 * Accepts a live-channel WebSocket authorised by a single-use ticket (or a bearer role set by the
 * Worker), within its address's share of sockets. Returns the client end for the 101 answer.
 */
export async function acceptLiveSocket(
  ctx: DurableObjectState,
  live: LiveChannel,
  request: Request,
  now: number,
  snapshot: () => SnapshotMessage,
): Promise<WebSocket> {
  const tagsOf = (role: ReaderRole) => (isCapped(role) ? [addressTag(clientAddress(request.headers))] : []);
  // Over the address's share the upgrade is refused before the ticket is spent: a retry may use it.
  const admit = (role: ReaderRole) => {
    for (const tag of tagsOf(role)) refuseOverCap(ctx.getWebSockets(tag).length, MAX_SOCKETS_PER_ADDRESS, "live sockets");
  };
  const { session, since } = await authorizeUpgrade(ctx.storage.sql, new URL(request.url), now, admit);
  const tags = tagsOf(session.role);
  const [client, server] = Object.values(new WebSocketPair()) as [WebSocket, WebSocket];
  live.accept(server, session, live.openingMessages(since, snapshot), tags);
  await watchExpiry(ctx.storage, session, now);
  return client;
}
