/**
 * Who a request comes from, for per-client limits and caps: the address Cloudflare's edge puts
 * in `CF-Connecting-IP` (it replaces whatever a client sends, so it cannot be forged there).
 * An IPv6 client usually holds a whole /64, so it counts as one address; without the header
 * (local tools and tests) every request shares one.
 */
export function clientAddress(headers: Headers): string {
  const raw = headers.get("cf-connecting-ip")?.trim().toLowerCase() ?? "";
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(raw)) return raw;
  if (raw.includes(":")) return ipv6Prefix(raw) ?? "unknown";
  return "unknown";
}

/** The /64 an IPv6 address belongs to, as `a:b:c:d::/64`; an IPv4-mapped address is its IPv4 one. */
function ipv6Prefix(address: string): string | null {
  const ip = address.replace(/%.*$/, "");
  const mapped = /^::ffff:(\d{1,3}(\.\d{1,3}){3})$/.exec(ip);
  if (mapped) return mapped[1]!;
  const halves = ip.split("::");
  if (halves.length > 2) return null;
  const groupsOf = (half: string | undefined) => (half ? half.split(":") : []);
  const head = groupsOf(halves[0]);
  const tail = groupsOf(halves[1]);
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const groups = [...head, ...Array<string>(missing).fill("0"), ...tail];
  if (!groups.every((group) => /^[0-9a-f]{1,4}$/.test(group))) return null;
  return `${groups
    .slice(0, 4)
    .map((group) => parseInt(group, 16).toString(16))
    .join(":")}::/64`;
}
