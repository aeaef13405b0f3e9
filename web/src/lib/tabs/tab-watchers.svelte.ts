import { createApiClient } from "$lib/api/client";
import { ADMIN_SCOPE, hackathonScope, loadToken } from "$lib/auth/token-store";
import { HackathonSocket, type HackathonSocketOptions } from "$lib/live/hackathon-socket.svelte";
import { tabSummary, type TabSummary } from "./tab-summary";

type SocketFactory = (options: HackathonSocketOptions) => HackathonSocket;

/**
 * Keeps every open tab live while it is in the background: one socket per background tab,
 * so its tab shows current alerts and the dashboard opens on current figures. The active
 * tab's dashboard holds its own socket, so its watcher is stopped meanwhile.
 */
export class TabWatchers {
  #sockets = $state(new Map<string, HackathonSocket>());

  constructor(
    private readonly storage: Storage,
    private readonly origin: string,
    private readonly makeSocket: SocketFactory = (options) => new HackathonSocket(options),
  ) {}

  /** Watches every tab but the active one; stops watchers of tabs that closed or became active. */
  sync(tabIds: readonly string[], activeId: string | null): void {
    const wanted = new Set(tabIds.filter((id) => id !== activeId));
    const next = new Map<string, HackathonSocket>();
    for (const [id, socket] of this.#sockets) {
      if (wanted.has(id)) next.set(id, socket);
      else socket.stop();
    }
    for (const id of wanted) {
      if (next.has(id)) continue;
      const socket = this.#watch(id);
      if (socket) next.set(id, socket);
    }
    this.#sockets = next;
  }

  summary(id: string): TabSummary | null {
    const socket = this.#sockets.get(id);
    return socket ? tabSummary(socket.state, socket.status) : null;
  }

  stopAll(): void {
    this.sync([], null);
  }

  #watch(id: string): HackathonSocket | null {
    const token = loadToken(this.storage, hackathonScope(id)) ?? loadToken(this.storage, ADMIN_SCOPE);
    if (!token) return null;
    const socket = this.makeSocket({ id, api: createApiClient({ token }), origin: this.origin });
    socket.start();
    return socket;
  }
}
