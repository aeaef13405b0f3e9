import { describe, expect, it } from "vitest";
import { fractionFrom, localInputOf, numberFrom, percentText } from "$lib/console/form-values";

describe("form values", () => {
  it("reads numbers, and nothing from blanks or words", () => {
    expect(numberFrom(" 12.5 ")).toBe(12.5);
    expect(numberFrom("")).toBeNull();
    expect(numberFrom("twelve")).toBeNull();
    expect(numberFrom("Infinity")).toBeNull();
  });

  it("shows fractions as percentages without binary noise, and reads them back", () => {
    expect(percentText(0.57)).toBe("57");
    expect(percentText(0.805)).toBe("80.5");
    expect(fractionFrom("57")).toBe(0.57);
    expect(fractionFrom("abc")).toBeNull();
  });

  it("shows no time as an empty field", () => {
    expect(localInputOf(null)).toBe("");
    expect(localInputOf("2026-11-28T10:00:00Z")).toMatch(/^2026-11-2[78]T\d\d:\d\d$/);
  });
});
