// Deterministic "randomness": the same key always gives the same number, so a restarted
// simulator regenerates exactly the events it sent before (same ids, same values) and the
// server's dedup turns any overlap into duplicates instead of double counting.

/** cyrb53: a fast 53-bit string hash. */
function hash53(text, seed = 0) {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** A number in [0, 1) determined by the key parts. */
export function unit(...keyParts) {
  return hash53(keyParts.join("|")) / 2 ** 53;
}

/** A number in [min, max) determined by the key parts. */
export function between(min, max, ...keyParts) {
  return min + (max - min) * unit(...keyParts);
}

/** An element of `items` determined by the key parts. */
export function pick(items, ...keyParts) {
  return items[Math.floor(unit(...keyParts) * items.length)];
}

/** `bytes` bytes as lowercase hex, determined by the key parts (an OTLP trace or span id, say). */
export function hexId(bytes, ...keyParts) {
  let hex = "";
  // 6 bytes (48 of the hash's 53 bits) per round, salted by the round.
  for (let round = 0; hex.length < bytes * 2; round++) {
    hex += Math.floor(unit(...keyParts, "hex", round) * 2 ** 48)
      .toString(16)
      .padStart(12, "0");
  }
  return hex.slice(0, bytes * 2);
}
