import { describe, expect, it } from "vitest";
import { NO_ERRORS } from "$lib/console/field-errors";
import { FormFeedback } from "$lib/console/form-feedback.svelte";

describe("FormFeedback", () => {
  it("marks the fields a check refused, then drops them once the values pass", () => {
    const feedback = new FormFeedback();
    feedback.refuse({ name: ["Required"] }, "Nothing was sent: correct the fields marked.");
    expect(feedback.errors).toEqual({ name: ["Required"] });
    expect(feedback.message).toBe("Nothing was sent: correct the fields marked.");
    feedback.clear();
    expect(feedback.errors).toBe(NO_ERRORS);
    expect(feedback.message).toBeNull();
  });

  it("shows what the API refused", () => {
    const feedback = new FormFeedback();
    feedback.fail({ fields: { id: ["Taken"] }, message: "Could not create the hackathon: see the fields marked. Nothing was saved." });
    expect(feedback.errors).toEqual({ id: ["Taken"] });
    expect(feedback.message).toBe("Could not create the hackathon: see the fields marked. Nothing was saved.");
  });
});
