/**
 * What a URL's host is, as far as outbound calls are concerned. Works on the host exactly as
 * `new URL()` serialises it: WHATWG parsing already turns every numeric IPv4 spelling
 * (`2130706433`, `0x7f.1`, `0177.0.0.1`, `127.1`) into dotted decimal and every IPv6 literal
 * into its compressed hex form (`[::ffff:7f00:1]`), so one spelling per address is checked.
 *
 * A Worker cannot resolve names itself, so a public name whose DNS points at a private
 * address is not caught here (the security model in docs/operations.md says so).
 */
export type HostClass = "public" | "loopback" | "private" | "link-local" | "reserved" | "embedded-ipv4" | "internal-name";

type Range = readonly [first: number, prefixBits: number, cls: HostClass];

const v4 = (a: number, b: number, c: number, d: number) => ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;

/** IPv4 ranges that are never a provider or a receiver (RFC 6890 special-purpose registry). */
const IPV4_RANGES: readonly Range[] = [
  [v4(0, 0, 0, 0), 8, "reserved"], // "this network", 0.0.0.0
  [v4(10, 0, 0, 0), 8, "private"],
  [v4(100, 64, 0, 0), 10, "private"], // carrier-grade NAT
  [v4(127, 0, 0, 0), 8, "loopback"],
  [v4(169, 254, 0, 0), 16, "link-local"], // cloud metadata lives at 169.254.169.254
  [v4(172, 16, 0, 0), 12, "private"],
  [v4(192, 0, 0, 0), 24, "reserved"],
  [v4(192, 0, 2, 0), 24, "reserved"],
  [v4(192, 88, 99, 0), 24, "reserved"],
  [v4(192, 168, 0, 0), 16, "private"],
  [v4(198, 18, 0, 0), 15, "reserved"],
  [v4(198, 51, 100, 0), 24, "reserved"],
  [v4(203, 0, 113, 0), 24, "reserved"],
  [v4(224, 0, 0, 0), 4, "reserved"], // multicast
  [v4(240, 0, 0, 0), 4, "reserved"], // reserved, broadcast
];

function inRange(address: number, first: number, bits: number): boolean {
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return (address & mask) >>> 0 === first;
}

function parseIpv4(host: string): number | null {
  const parts = host.split(".");
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return null;
  const [a, b, c, d] = parts.map(Number) as [number, number, number, number];
  return v4(a, b, c, d);
}

function classifyIpv4(address: number): HostClass {
  for (const [first, bits, cls] of IPV4_RANGES) if (inRange(address, first, bits)) return cls;
  return "public";
}

/** Eight 16-bit groups, or null when `text` (without brackets) is not an IPv6 address. */
function parseIpv6(text: string): number[] | null {
  let body = text;
  const tail: number[] = [];
  const dotted = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(body);
  if (dotted) {
    const address = parseIpv4(dotted[2]!);
    if (address === null) return null;
    tail.push(address >>> 16, address & 0xffff);
    body = dotted[1]!.endsWith("::") ? dotted[1]! : dotted[1]!.slice(0, -1);
  }
  const halves = body.split("::");
  if (halves.length > 2) return null;
  const groups = (s: string) => (s === "" ? [] : s.split(":"));
  const head = groups(halves[0]!);
  const rest = halves.length === 2 ? groups(halves[1]!) : [];
  if (![...head, ...rest].every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return null;
  const explicit = head.length + rest.length + tail.length;
  const zeros = halves.length === 2 ? 8 - explicit : 0;
  if (zeros < 0 || (halves.length === 1 && explicit !== 8)) return null;
  return [...head.map((g) => parseInt(g, 16)), ...Array<number>(zeros).fill(0), ...rest.map((g) => parseInt(g, 16)), ...tail];
}

function classifyIpv6(g: number[]): HostClass {
  const [g0, g1, g2, g3, g4, g5, g6, g7] = g as [number, number, number, number, number, number, number, number];
  const firstSixZero = g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0;
  if (firstSixZero && g6 === 0 && g7 === 1) return "loopback";
  if (firstSixZero && g6 === 0 && g7 === 0) return "reserved"; // unspecified
  // An IPv4 address inside an IPv6 one reaches the IPv4 host: mapped, compatible, NAT64, 6to4, Teredo.
  if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0 && (g5 === 0xffff || g5 === 0)) return "embedded-ipv4";
  if (g0 === 0x64 && g1 === 0xff9b) return "embedded-ipv4";
  if (g0 === 0x2002 || (g0 === 0x2001 && g1 === 0)) return "embedded-ipv4";
  if ((g0 & 0xfe00) === 0xfc00) return "private"; // unique local fc00::/7
  if ((g0 & 0xffc0) === 0xfe80) return "link-local";
  if ((g0 & 0xffc0) === 0xfec0) return "private"; // deprecated site-local
  if ((g0 & 0xff00) === 0xff00) return "reserved"; // multicast
  if (g0 === 0x2001 && g1 === 0xdb8) return "reserved"; // documentation
  if (g0 === 0x100 && g1 === 0 && g2 === 0 && g3 === 0) return "reserved"; // discard
  return "public";
}

/** Names that only mean something inside a network, never a public provider's. */
const INTERNAL_SUFFIXES = [".internal", ".local", ".localdomain", ".home.arpa", ".lan", ".intranet"];

function classifyName(name: string): HostClass {
  if (name === "localhost" || name.endsWith(".localhost")) return "loopback";
  // A name without a dot is resolved through a search domain, never on the public internet.
  if (!name.includes(".")) return "internal-name";
  if (INTERNAL_SUFFIXES.some((suffix) => name.endsWith(suffix))) return "internal-name";
  return "public";
}

/** Classifies `url.hostname` (as `new URL()` gives it). */
export function classifyHost(hostname: string): HostClass {
  const host = hostname.toLowerCase();
  if (host.startsWith("[") && host.endsWith("]")) {
    const groups = parseIpv6(host.slice(1, -1).split("%")[0]!);
    return groups ? classifyIpv6(groups) : "reserved";
  }
  const address = parseIpv4(host);
  if (address !== null) return classifyIpv4(address);
  // Trailing dots name the same host ("localhost." is localhost).
  return classifyName(host.replace(/\.+$/, ""));
}
