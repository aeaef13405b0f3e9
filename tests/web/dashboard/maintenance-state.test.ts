import { describe, expect, it } from "vitest";
import { activeWindow, fromLocalInput, nextMaintenanceChange, toLocalInput } from "$lib/dashboard/maintenance-state";
import { makeWindow } from "../fixtures/notifications";

const at = (iso: string) => Date.parse(iso);

describe("activeWindow", () => {
  const windows = [
    makeWindow({ id: "maintenance-2", status: "scheduled", starts_at: "2026-11-28T12:00:00Z", ends_at: "2026-11-28T13:00:00Z" }),
    makeWindow({ id: "maintenance-1", status: "active", starts_at: "2026-11-28T10:00:00Z", ends_at: "2026-11-28T11:00:00Z" }),
  ];

  it("is the window the server calls active while its end is ahead", () => {
    expect(activeWindow(windows, at("2026-11-28T10:30:00Z"))?.id).toBe("maintenance-1");
  });

  it("drops an active window once its end has passed, before the server's next answer", () => {
    expect(activeWindow(windows, at("2026-11-28T11:00:01Z"))).toBeNull();
  });

  it("is null when only scheduled or completed windows exist", () => {
    expect(activeWindow([windows[0]!, makeWindow({ status: "completed" })], at("2026-11-28T10:30:00Z"))).toBeNull();
  });
});

describe("nextMaintenanceChange", () => {
  it("is the nearest start of a scheduled window or end of an active one still ahead", () => {
    const windows = [
      makeWindow({ id: "maintenance-3", status: "scheduled", starts_at: "2026-11-28T12:00:00Z", ends_at: "2026-11-28T13:00:00Z" }),
      makeWindow({ id: "maintenance-2", status: "active", starts_at: "2026-11-28T10:00:00Z", ends_at: "2026-11-28T11:00:00Z" }),
      makeWindow({ id: "maintenance-1", status: "completed", starts_at: "2026-11-28T08:00:00Z", ends_at: "2026-11-28T10:40:00Z" }),
    ];
    expect(nextMaintenanceChange(windows, at("2026-11-28T10:30:00Z"))).toBe(at("2026-11-28T11:00:00Z"));
    expect(nextMaintenanceChange(windows, at("2026-11-28T11:30:00Z"))).toBe(at("2026-11-28T12:00:00Z"));
    expect(nextMaintenanceChange(windows, at("2026-11-28T12:30:00Z"))).toBeNull();
  });
});

describe("datetime-local values", () => {
  it("round-trip an instant to the minute in the viewer's zone", () => {
    const instant = at("2026-11-28T10:37:00Z");
    expect(toLocalInput(instant)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
    expect(fromLocalInput(toLocalInput(instant))).toBe("2026-11-28T10:37:00.000Z");
    expect(fromLocalInput(`${toLocalInput(instant)}:30`)).toBe("2026-11-28T10:37:30.000Z");
  });

  it("read an empty or malformed value as nothing", () => {
    expect(fromLocalInput("")).toBeNull();
    expect(fromLocalInput("tomorrow")).toBeNull();
  });
});
