import { describe, expect, it } from "vitest";
import { checkOutboundUrl, LOOPBACK_REFUSAL, outboundUrlRefusal } from "../../../worker/src/outbound/url-policy";

const LOCAL = { allowLoopback: true };
const PRODUCTION = { allowLoopback: false };

/** Every spelling here is refused with the loopback setting on and off. */
const ALWAYS_REFUSED: [url: string, reason: RegExp][] = [
  ["http://169.254.169.254/latest/meta-data/", /link-local/],
  ["https://169.254.169.254./computeMetadata/v1/", /link-local/],
  ["https://10.0.0.1/", /private/],
  ["https://10.255.255.255/", /private/],
  ["https://172.16.0.1/", /private/],
  ["https://172.31.255.255/", /private/],
  ["https://192.168.1.1/", /private/],
  ["https://100.64.0.1/", /private/],
  ["https://0.0.0.0/", /reserved/],
  ["https://0/", /reserved/],
  ["https://224.0.0.1/", /reserved/],
  ["https://255.255.255.255/", /reserved/],
  ["https://198.18.0.1/", /reserved/],
  // Numeric forms that URL parsing turns into private dotted quads.
  ["https://167772161/", /private/], // 10.0.0.1 as one decimal number
  ["https://0xa9fea9fe/", /link-local/], // 169.254.169.254 in hex
  ["https://0251.0376.0251.0376/", /link-local/], // the same in octal
  ["https://10.1/", /private/], // short form of 10.0.0.1
  ["https://[fe80::1]/", /link-local/],
  ["https://[fc00::1]/", /private/],
  ["https://[fd12:3456::1]/", /private/],
  ["https://[::]/", /reserved/],
  ["https://[ff02::1]/", /reserved/],
  ["https://[::ffff:127.0.0.1]/", /embeds an IPv4/],
  ["https://[::ffff:a9fe:a9fe]/", /embeds an IPv4/],
  ["https://[::ffff:10.0.0.1]/", /embeds an IPv4/],
  ["https://[64:ff9b::a9fe:a9fe]/", /embeds an IPv4/],
  ["https://[2002:a9fe:a9fe::1]/", /embeds an IPv4/],
  ["https://metadata.google.internal/computeMetadata/v1/", /internal name/],
  ["https://METADATA.GOOGLE.INTERNAL./", /internal name/],
  ["https://metadata/", /internal name/],
  ["https://printer.local/", /internal name/],
  ["https://db.corp.internal/", /internal name/],
  ["ftp://example.com/", /https/],
  ["not a url", /valid URL/],
];

const LOOPBACK = [
  "http://127.0.0.1:8787/x",
  "http://127.1/",
  "http://2130706433/",
  "http://0x7f.0.0.1/",
  "http://[::1]:9/",
  "http://localhost:3000/",
  "http://api.localhost/",
  "https://LOCALHOST./",
];

describe("checkOutboundUrl", () => {
  it.each(ALWAYS_REFUSED)("refuses %s everywhere", (url, reason) => {
    expect(outboundUrlRefusal(url, LOCAL)).toMatch(reason);
    expect(outboundUrlRefusal(url, PRODUCTION)).toMatch(reason);
  });

  it.each(LOOPBACK)("allows loopback %s only under ALLOW_LOOPBACK_OUTBOUND, plain http included", (url) => {
    expect(checkOutboundUrl(url, LOCAL)).toMatchObject({ ok: true, loopback: true });
    expect(outboundUrlRefusal(url, PRODUCTION)).toBe(LOOPBACK_REFUSAL);
  });

  it("wants https for public hosts, with or without the setting", () => {
    for (const policy of [LOCAL, PRODUCTION]) {
      expect(outboundUrlRefusal("https://api.openai.com/v1", policy)).toBeNull();
      expect(outboundUrlRefusal("https://8.8.8.8/", policy)).toBeNull();
      expect(outboundUrlRefusal("https://[2606:4700::1111]/", policy)).toBeNull();
      expect(outboundUrlRefusal("http://api.openai.com/v1", policy)).toMatch(/must be https/);
    }
  });

  it("judges the host URL parsing finds, not the one a reader sees", () => {
    expect(outboundUrlRefusal("https://api.openai.com@169.254.169.254/", LOCAL)).toMatch(/link-local/);
  });

  it("never repeats the URL (it may carry a key) in its reason", () => {
    for (const [url] of ALWAYS_REFUSED) expect(outboundUrlRefusal(`${url}?api_key=sekrit`, PRODUCTION)).not.toContain("sekrit");
  });
});
