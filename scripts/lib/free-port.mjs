// TCP port helpers for the loopback interface.
import net from "node:net";

/** Asks the OS for a free port. */
export function findFreePort(host = "127.0.0.1") {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, host, () => {
      const { port } = /** @type {net.AddressInfo} */ (server.address());
      server.close(() => resolve(port));
    });
  });
}

/** Resolves true if the port can be listened on, else the error code (e.g. "EADDRINUSE"). */
export function isPortFree(port, host = "127.0.0.1") {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once("error", (error) => resolve(/** @type {NodeJS.ErrnoException} */ (error).code));
    probe.listen(port, host, () => probe.close(() => resolve(true)));
  });
}

/** Throws unless the port is free within `waitMs` (a server stopped a moment ago may still hold it). */
export async function assertPortFree(port, { host = "127.0.0.1", waitMs = 5_000 } = {}) {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const free = await isPortFree(port, host);
    if (free === true) return;
    if (Date.now() > deadline) throw new Error(`port ${port} on ${host} is not free (${free}); choose another one (PORT=...)`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
