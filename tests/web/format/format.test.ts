import { describe, expect, it } from "vitest";
import {
  formatClock,
  formatDateTime,
  formatFraction,
  formatHours,
  formatMoment,
  formatMoney,
  formatNumber,
  formatPercent,
  formatUnitPrice,
  utcTitle,
} from "$lib/format/format";

const en = { locale: "en-US", timeZone: "UTC" };

describe("money", () => {
  it("formats in the hackathon's currency", () => {
    expect(formatMoney(1234.5, "USD", en)).toBe("$1,234.50");
    expect(formatMoney(1234.5, "EUR", { locale: "de-DE" })).toBe("1.234,50\u00a0€");
    expect(formatMoney(99, "JPY", en)).toBe("¥99");
  });

  it("shows the number and code when the currency code is unknown to the browser", () => {
    expect(formatMoney(12.5, "DOLLARS", en)).toBe("12.5 DOLLARS");
  });

  it("keeps three significant digits for tiny unit prices", () => {
    expect(formatUnitPrice(0.0000123456, "USD", en)).toBe("$0.0000123");
    expect(formatUnitPrice(2.5, "USD", en)).toBe("$2.50");
    expect(formatUnitPrice(0, "USD", en)).toBe("$0.00");
  });
});

describe("percentages and numbers", () => {
  it("formats a 0..100 percentage and a 0..1 fraction the same way", () => {
    expect(formatPercent(42.25, en)).toBe("42.3%");
    expect(formatFraction(0.4225, en)).toBe("42.3%");
    expect(formatFraction(1.2, en)).toBe("120%");
  });

  it("groups large numbers", () => {
    expect(formatNumber(1234567, en)).toBe("1,234,567");
    // biome-ignore lint/suspicious/noApproximativeNumericConstant: an arbitrary decimal to round, not an approximation of π
    expect(formatNumber(3.14159, { ...en, digits: 1 })).toBe("3.1");
  });
});

describe("times", () => {
  it("formats timestamps in the requested time zone", () => {
    expect(formatDateTime("2026-11-28T10:05:00Z", en)).toBe("Nov 28, 2026, 10:05 AM");
    expect(formatDateTime("2026-11-28T10:05:00Z", { locale: "en-US", timeZone: "Asia/Tokyo" })).toBe("Nov 28, 2026, 7:05 PM");
    expect(formatClock("2026-11-28T10:05:09Z", en)).toBe("10:05:09 AM");
  });

  it("shows a dash for missing or invalid times", () => {
    expect(formatDateTime(null, en)).toBe("—");
    expect(formatDateTime("soon", en)).toBe("—");
    expect(formatClock(null, en)).toBe("—");
  });

  it("gives the exact UTC time for a hover title, whatever zone the time is shown in", () => {
    expect(utcTitle("2026-11-28T19:05:00+09:00")).toBe("2026-11-28T10:05:00Z UTC");
    expect(utcTitle(new Date("2026-11-28T10:05:09.250Z"))).toBe("2026-11-28T10:05:09.250Z UTC");
    expect(utcTitle(null)).toBeUndefined();
    expect(utcTitle("soon")).toBeUndefined();
  });
});

describe("moments and spans", () => {
  const now = new Date("2026-11-28T10:00:00Z");
  const gb = { locale: "en-GB", timeZone: "UTC" };

  it("shows a moment as the time today, with the weekday this week, and with the date beyond", () => {
    expect(formatMoment("2026-11-28T14:20:00Z", now, gb)).toBe("14:20");
    expect(formatMoment("2026-11-29T02:00:00Z", now, gb)).toBe("Sun 02:00");
    expect(formatMoment("2026-11-27T23:00:00Z", now, gb)).toBe("Fri 23:00");
    expect(formatMoment("2026-12-06T02:00:00Z", now, gb)).toBe("Sun 6 Dec, 02:00");
    expect(formatMoment("2026-11-28T14:20:00Z", now, en)).toBe("2:20 PM");
    expect(formatMoment(null, now, gb)).toBe("—");
  });

  it("judges today by the viewer's zone, not by UTC", () => {
    // 23:30 UTC on the 28th is already the 29th in Tokyo, where it is 10:00 → 19:00 on the 28th.
    expect(formatMoment("2026-11-28T23:30:00Z", now, { locale: "en-GB", timeZone: "Asia/Tokyo" })).toBe("Sun 08:30");
    expect(formatMoment("2026-11-28T23:30:00Z", now, gb)).toBe("23:30");
  });

  it("says a span in minutes, hours to one decimal, or days", () => {
    expect(formatHours(0.25, gb)).toBe("15 min");
    expect(formatHours(9, gb)).toBe("9 h");
    expect(formatHours(21.64, gb)).toBe("21.6 h");
    expect(formatHours(-6, gb)).toBe("6 h");
    expect(formatHours(144, gb)).toBe("6 days");
  });
});
