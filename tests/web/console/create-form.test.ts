import { describe, expect, it } from "vitest";
import { checkCreate, defaultCreateValues, slugFromName, withName } from "$lib/console/create-form";
import { fromLocalInput, toLocalInput } from "$lib/console/form-values";

const NOW = Date.parse("2026-11-28T10:20:00Z");

describe("defaultCreateValues", () => {
  it("proposes a two-day hackathon from the next full hour, in dollars, private", () => {
    const values = defaultCreateValues(NOW);
    expect(fromLocalInput(values.startsAt)).toBe("2026-11-28T11:00:00.000Z");
    expect(fromLocalInput(values.endsAt)).toBe("2026-11-30T11:00:00.000Z");
    expect(values).toMatchObject({ currency: "USD", public: false, name: "", id: "" });
  });
});

describe("slugFromName", () => {
  it("turns a name into an id the API accepts", () => {
    expect(slugFromName("Spring Jam '26")).toBe("spring-jam-26");
    expect(slugFromName("  Hack à Zürich!! ")).toBe("hack-a-zurich");
    expect(slugFromName("x".repeat(60))).toHaveLength(48);
    expect(slugFromName(`${"a".repeat(47)} b`)).toBe("a".repeat(47));
  });

  it("lets the id follow the name until it is typed by hand", () => {
    const named = withName(defaultCreateValues(NOW), "Winter Build");
    expect(named.id).toBe("winter-build");
    const typed = { ...named, id: "wb-2026", idTouched: true };
    expect(withName(typed, "Winter Build Night").id).toBe("wb-2026");
  });
});

describe("checkCreate", () => {
  const valid = { ...withName(defaultCreateValues(NOW), "Spring Jam"), amount: "250.5", currency: "eur" };

  it("builds the request with the server's defaults left to the server", () => {
    const check = checkCreate(valid);
    expect(check).toEqual({
      ok: true,
      input: {
        id: "spring-jam",
        name: "Spring Jam",
        budget: { amount: 250.5, currency: "EUR" },
        starts_at: fromLocalInput(valid.startsAt),
        ends_at: fromLocalInput(valid.endsAt),
        public: false,
      },
    });
  });

  it("sends no end when the end is left empty", () => {
    const check = checkCreate({ ...valid, endsAt: "" });
    expect(check.ok && check.input.ends_at).toBeNull();
  });

  it("refuses what the API refuses, keyed by the API's paths", () => {
    const check = checkCreate({
      ...valid,
      id: "A!",
      amount: "0",
      currency: "euro",
      endsAt: toLocalInput(Date.parse(fromLocalInput(valid.startsAt) ?? "") - 3_600_000),
    });
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(Object.keys(check.errors).sort()).toEqual(["budget.amount", "budget.currency", "ends_at", "id"]);
    expect(check.errors.ends_at).toEqual(["must be after starts_at"]);
  });

  it("says in words when a field is not a number or a date at all", () => {
    const check = checkCreate({ ...valid, amount: "lots", startsAt: "", endsAt: "soon" });
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.errors["budget.amount"]).toEqual(["Enter a number"]);
    expect(check.errors.starts_at).toEqual(["Enter a date and time"]);
    expect(check.errors.ends_at).toEqual(["Enter a date and time"]);
  });
});
