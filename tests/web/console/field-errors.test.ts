import { describe, expect, it } from "vitest";
import { HackathonCreateSchema } from "$contract";
import { ApiError } from "$lib/api/client";
import {
  errorId,
  errorsUnder,
  fieldAttributes,
  fieldErrors,
  fieldId,
  issuesOf,
  saveFailure,
  zodFieldErrors,
} from "$lib/console/field-errors";

describe("field errors", () => {
  it("groups the API's issues by their dotted path", () => {
    const errors = fieldErrors([
      { path: "budget.amount", message: "too small" },
      { path: "budget.amount", message: "not a cent" },
      { path: "id", message: "taken" },
    ]);
    expect(errors).toEqual({ "budget.amount": ["too small", "not a cent"], id: ["taken"] });
    expect(issuesOf(errors)).toHaveLength(3);
  });

  it("keys a zod failure exactly as the server keys it", () => {
    const parsed = HackathonCreateSchema.safeParse({ id: "X", name: "", budget: { amount: 0 }, starts_at: "yesterday" });
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    expect(Object.keys(zodFieldErrors(parsed.error)).sort()).toEqual(["budget.amount", "id", "name", "starts_at"]);
  });

  it("gathers a field's messages with those of what is inside it", () => {
    const errors = fieldErrors([
      { path: "members.a@b.co", message: "bad" },
      { path: "members", message: "too many" },
      { path: "membership", message: "not mine" },
    ]);
    expect(errorsUnder(errors, "members")).toEqual(["bad", "too many"]);
  });

  it("ties an input to its error text only while it has one", () => {
    const errors = fieldErrors([{ path: "sources.cost.poll.url", message: "Required" }]);
    expect(fieldAttributes(errors, "sources.cost.poll.url")).toEqual({
      id: "field-sources-cost-poll-url",
      "aria-invalid": "true",
      "aria-describedby": "field-sources-cost-poll-url-error",
    });
    expect(fieldAttributes(errors, "name")).toEqual({ id: fieldId("name") });
    expect(errorId("name")).toBe("field-name-error");
  });
});

describe("saveFailure", () => {
  it("puts a refusal's issues beside the fields and says nothing was saved", () => {
    const refusal = new ApiError(400, "Invalid body", "validation_failed", [{ path: "ends_at", message: "must be after starts_at" }]);
    expect(saveFailure(refusal, "save")).toEqual({
      fields: { ends_at: ["must be after starts_at"] },
      message: "Could not save: see the fields marked. Nothing was saved.",
    });
    expect(saveFailure(new ApiError(403, "Admin only", "forbidden"), "save").message).toBe(
      "Could not save: Admin only. Nothing was saved.",
    );
  });

  it("does not claim nothing was saved when the answer was lost", () => {
    expect(saveFailure(new ApiError(0, "Cannot reach the server", "network"), "save").message).toBe(
      "Could not save: Cannot reach the server. Reload to see whether it was saved.",
    );
  });
});
