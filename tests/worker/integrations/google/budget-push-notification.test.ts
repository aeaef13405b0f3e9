import { describe, expect, it } from "vitest";
import { readBudgetPush } from "../../../../worker/src/integrations/google/budget-notification";
import { budgetData, encodeData, pushEnvelope } from "../../../helpers/pubsub-push";

const read = (body: unknown) => readBudgetPush(typeof body === "string" ? body : JSON.stringify(body));

describe("readBudgetPush", () => {
  it("reads ids, publish time, budget id and the decoded notification", () => {
    const outcome = read(
      pushEnvelope(budgetData({ costAmount: 2, forecastThresholdExceeded: 0.9 }), {
        messageId: "2070443601311540",
        publishTime: "2021-02-26T19:13:55.749Z",
      }),
    );
    expect(outcome).toEqual({
      ok: true,
      message: {
        messageId: "2070443601311540",
        publishedAt: Date.parse("2021-02-26T19:13:55.749Z"),
        budgetId: "de72f49d-779b-4945-a127-4d6ce8def0bb",
        notification: expect.objectContaining({ costAmount: 2, forecastThresholdExceeded: 0.9, currencyCode: "USD" }),
      },
    });
  });

  it("tolerates unknown budgetAmountType values and extra fields", () => {
    expect(read(pushEnvelope(budgetData({ budgetAmountType: "LAST_MONTH_COST", somethingNew: true }))).ok).toBe(true);
  });

  it("refuses a message without any messageId, a bad publishTime, and a negative costAmount", () => {
    const body = pushEnvelope(budgetData(), { casing: "camel" });
    expect(read({ ...body, message: { ...body.message, messageId: undefined } })).toMatchObject({ ok: false, messageId: null });
    expect(read({ ...body, message: { ...body.message, publishTime: "yesterday" } })).toMatchObject({ ok: false, reason: /publishTime/ });
    expect(read(pushEnvelope(budgetData({ costAmount: -1 })))).toMatchObject({ ok: false, reason: /not a budget notification/ });
  });

  it("refuses data that is not valid UTF-8", () => {
    expect(read(pushEnvelope(null, { data: btoa("\xff\xfe{}") }))).toMatchObject({ ok: false, reason: /UTF-8/ });
    expect(read(pushEnvelope(null, { data: encodeData("[]") }))).toMatchObject({ ok: false, reason: /not a budget notification/ });
  });

  it("refuses a schemaVersion other than 1.0 in the data as well as in the attributes", () => {
    expect(read(pushEnvelope(budgetData({ schemaVersion: "1.1" })))).toMatchObject({ ok: false, reason: /schemaVersion "1.1"/ });
  });
});
