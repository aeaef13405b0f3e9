import { describe, expect, it } from "vitest";
import { withLocalUpdates } from "$lib/dashboard/alert-updates";
import { makeAlert } from "../fixtures/dashboard-state";

const open = makeAlert({ id: "a" });
const acknowledged = makeAlert({ id: "a", status: "acknowledged", acknowledged_at: "2026-11-28T10:07:00Z" });
const resolved = makeAlert({ id: "a", status: "resolved", resolved: true, resolved_by: "operator token" });

describe("withLocalUpdates", () => {
  it("shows a local answer that is further along than the live copy", () => {
    expect(withLocalUpdates([open], { a: acknowledged })).toEqual([acknowledged]);
  });

  it("drops an alert this page resolved before the live channel says so", () => {
    expect(withLocalUpdates([open, makeAlert({ id: "b" })], { a: resolved }).map((alert) => alert.id)).toEqual(["b"]);
  });

  it("prefers the live copy once it has caught up, so later changes (more occurrences) show", () => {
    const live = { ...acknowledged, occurrences: 7 };
    expect(withLocalUpdates([live], { a: acknowledged })).toEqual([live]);
  });

  it("ignores local answers for alerts the live list no longer has", () => {
    expect(withLocalUpdates([], { a: acknowledged })).toEqual([]);
  });
});
