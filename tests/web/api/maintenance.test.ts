import { describe, expect, it } from "vitest";
import { endMaintenance, listMaintenance } from "$lib/api/maintenance";
import { fakeApi } from "../helpers/fake-api";
import { makeWindow } from "../fixtures/notifications";

const BASE = "/api/hackathons/spring%20jam";

describe("maintenance calls", () => {
  it("lists the windows and ends one with DELETE", async () => {
    const window = makeWindow();
    const { api, requests } = fakeApi({
      [`GET ${BASE}/maintenance`]: { status: 200, body: { maintenance: [window] } },
      [`DELETE ${BASE}/maintenance/maintenance-1`]: { status: 200, body: { maintenance: { ...window, status: "completed" } } },
    });
    await expect(listMaintenance(api, "spring jam")).resolves.toEqual([window]);
    await expect(endMaintenance(api, "spring jam", "maintenance-1")).resolves.toMatchObject({ status: "completed" });
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([`GET ${BASE}/maintenance`, `DELETE ${BASE}/maintenance/maintenance-1`]);
  });
});
