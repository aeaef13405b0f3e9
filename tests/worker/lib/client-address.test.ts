import { describe, expect, it } from "vitest";
import { clientAddress } from "../../../worker/src/lib/client-address";

const of = (ip?: string) => clientAddress(new Headers(ip === undefined ? {} : { "cf-connecting-ip": ip }));

describe("clientAddress", () => {
  it("keeps an IPv4 address, and counts an IPv6 client by its /64", () => {
    expect(of("203.0.113.7")).toBe("203.0.113.7");
    expect(of("2001:db8:1:2::1")).toBe("2001:db8:1:2::/64");
    expect(of("2001:0DB8:0001:0002:ffff:0:0:9")).toBe("2001:db8:1:2::/64");
    expect(of("::1")).toBe("0:0:0:0::/64");
    expect(of("::ffff:198.51.100.4")).toBe("198.51.100.4");
  });

  it("puts a missing or unreadable header in one shared bucket", () => {
    for (const value of [undefined, "", "not an ip", "1:2:3", "1::2::3", "g::1", "1:2:3:4:5:6:7:8:9"]) expect(of(value)).toBe("unknown");
  });
});
