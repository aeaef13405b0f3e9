import { describe, expect, it } from "vitest";
import { MeSchema } from "../../../worker/src/contract";
import { ADMIN_TOKEN, apiJson } from "../../helpers/api";
import { createHackathon, uniqueHackathonId } from "../../helpers/hackathons";

async function me(token: string | null, hackathon?: string) {
  const { status, body } = await apiJson(`/api/me${hackathon ? `?hackathon=${hackathon}` : ""}`, { token });
  expect(status).toBe(200);
  return MeSchema.parse(body);
}

const NOBODY = { by: null, email: null, role: null };

describe("GET /api/me", () => {
  it("names each role of a hackathon's tokens, and the admin everywhere", async () => {
    const h = await createHackathon();
    const id = h.hackathon.id;
    expect(await me(h.viewer_token, id)).toEqual({ by: "viewer token", email: null, role: "viewer" });
    expect(await me(h.operator_token, id)).toEqual({ by: "operator token", email: null, role: "operator" });
    expect(await me(h.ingest_token, id)).toEqual({ by: "ingest token", email: null, role: "ingest" });
    expect(await me(ADMIN_TOKEN, id)).toEqual({ by: "admin token", email: null, role: "admin" });
    expect(await me(ADMIN_TOKEN)).toEqual({ by: "admin token", email: null, role: "admin" });
  });

  it("answers role null, the same for a stranger's hackathon as for an unknown one", async () => {
    const h = await createHackathon();
    const other = await createHackathon();
    expect(await me(null, h.hackathon.id)).toEqual(NOBODY);
    expect(await me("pwv_not-a-token", h.hackathon.id)).toEqual(NOBODY);
    // A hackathon token says nothing without the hackathon it belongs to.
    expect(await me(h.operator_token)).toEqual(NOBODY);
    expect(await me(h.operator_token, other.hackathon.id)).toEqual(NOBODY);
    expect(await me(h.operator_token, uniqueHackathonId("missing"))).toEqual(NOBODY);
  });

  it("refuses a malformed hackathon id with 400", async () => {
    const { status } = await apiJson("/api/me?hackathon=NOT_AN_ID", { token: ADMIN_TOKEN });
    expect(status).toBe(400);
  });
});
