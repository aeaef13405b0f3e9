import { describe, expect, it } from "vitest";
import { flushSync } from "svelte";
import type { Hackathon, HackathonCredentials } from "$contract";
import ArchivePanel from "$lib/console/ArchivePanel.svelte";
import RotatePanel from "$lib/console/RotatePanel.svelte";
import { fakeApi, settle } from "../helpers/fake-api";
import { byTestId, render } from "../helpers/render";
import { makeCredentials, makeHackathon } from "../fixtures/hackathon";

const BASE = "/api/hackathons/spring-jam";
const click = (testid: string) => {
  (byTestId(testid) as HTMLElement).click();
  flushSync();
};

describe("ArchivePanel", () => {
  it("archives only once the consequence is acknowledged", async () => {
    const { api, requests } = fakeApi({ [`DELETE ${BASE}`]: { status: 200, body: makeHackathon({ status: "archived" }) } });
    const changed: Hackathon[] = [];
    render(ArchivePanel, { api, hackathon: makeHackathon(), onchanged: (h) => changed.push(h) });
    expect((byTestId("archive-submit") as HTMLButtonElement).disabled).toBe(true);
    click("archive-confirm");
    click("archive-submit");
    await settle();
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([`DELETE ${BASE}`]);
    expect(changed.map((h) => h.status)).toEqual(["archived"]);
  });

  it("un-archives an archived hackathon by making it active", async () => {
    const { api, requests } = fakeApi({ [`PATCH ${BASE}`]: { status: 200, body: makeHackathon() } });
    render(ArchivePanel, { api, hackathon: makeHackathon({ status: "archived" }), onchanged: () => {} });
    expect(byTestId("archive-panel")?.getAttribute("data-archived")).toBe("true");
    click("unarchive-submit");
    await settle();
    expect(requests.map((r) => [r.method, r.body])).toEqual([["PATCH", { status: "active" }]]);
  });
});

describe("RotatePanel", () => {
  it("says what stops working, and rotates only once that is acknowledged", async () => {
    const { api, requests } = fakeApi({ [`POST ${BASE}/rotate`]: { status: 200, body: makeCredentials() } });
    const rotated: HackathonCredentials[] = [];
    render(RotatePanel, { api, hackathonId: "spring-jam", onrotated: (fresh) => rotated.push(fresh) });
    const warning = byTestId("rotate-panel")?.textContent ?? "";
    for (const part of ["viewer and operator link", "webhook secret", "?token=", "ingest token"]) expect(warning).toContain(part);
    expect((byTestId("rotate-submit") as HTMLButtonElement).disabled).toBe(true);
    click("rotate-confirm");
    click("rotate-submit");
    await settle();
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([`POST ${BASE}/rotate`]);
    expect(rotated.map((r) => r.viewer_token)).toEqual(["pwv_viewer"]);
  });

  it("says a refusal plainly and that nothing changed", async () => {
    const { api } = fakeApi({
      [`POST ${BASE}/rotate`]: { status: 403, body: { error: { code: "forbidden", message: "Admin only", issues: [] } } },
    });
    render(RotatePanel, { api, hackathonId: "spring-jam", onrotated: () => {} });
    click("rotate-confirm");
    click("rotate-submit");
    await settle();
    expect(byTestId("rotate-panel")?.querySelector('[role="alert"]')?.textContent).toBe("Could not rotate: Admin only. Nothing was saved.");
  });
});
