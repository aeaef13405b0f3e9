import { describe, expect, it } from "vitest";
import ConnectionBanner from "$lib/dashboard/ConnectionBanner.svelte";
import { byTestId, render } from "../helpers/render";

const asOf = new Date("2026-12-06T10:15:00Z");

describe("the connection banner", () => {
  it("tells a person whose sign-in expired that the figures stopped, as of when, and offers to sign in again", () => {
    render(ConnectionBanner, { status: "expired", asOf, serverStale: false });
    const banner = byTestId("connection-status");
    expect(banner?.getAttribute("data-status")).toBe("expired");
    expect(banner?.textContent).toMatch(/Your sign-in has expired — data as of/);
    expect(banner?.querySelector("time")?.getAttribute("datetime")).toBe(asOf.toISOString());
    expect(byTestId("sign-in-again")?.textContent?.trim()).toBe("Sign in again");
  });

  it("offers no sign-in to a refused token", () => {
    render(ConnectionBanner, { status: "unauthorized", asOf, serverStale: false });
    expect(byTestId("connection-status")?.textContent?.trim()).toBe("Not authorised for live updates.");
    expect(byTestId("sign-in-again")).toBeNull();
  });
});
