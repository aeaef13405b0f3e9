import { beforeEach, describe, expect, it } from "vitest";
import type { Me } from "$contract";
import { createApiClient } from "$lib/api/client";
import { ADMIN_SCOPE, hackathonScope, saveToken } from "$lib/auth/token-store";
import { signedInPerson, whoActs } from "$lib/auth/who-acts";
import { meClients } from "../helpers/me-clients";

const ada = (role: Me["role"]): Me => ({ by: "ada@example.com", email: "ada@example.com", role });
const viewer: Me = { by: "viewer token", email: null, role: "viewer" };
const admin: Me = { by: "admin token", email: null, role: "admin" };

beforeEach(() => localStorage.clear());

describe("whoActs", () => {
  it("asks about the page's hackathon for every stored credential and picks as the page does", async () => {
    saveToken(localStorage, hackathonScope("spring-jam"), "pwv_1");
    saveToken(localStorage, ADMIN_SCOPE, "admin-1");
    const asked: string[] = [];
    const makeApi = meClients({ pwv_1: viewer, "admin-1": admin, "(sign-in)": ada("operator") }, asked);
    const first = await whoActs({ storage: localStorage, hackathonId: "spring-jam", pick: "first", makeApi });
    expect(first.chosen?.credential.token).toBe("pwv_1");
    expect(first.person).toEqual(ada("operator"));
    expect(asked.sort()).toEqual(["(sign-in)?hackathon=spring-jam", "admin-1?hackathon=spring-jam", "pwv_1?hackathon=spring-jam"]);
    const highest = await whoActs({ storage: localStorage, hackathonId: "spring-jam", pick: "highest", makeApi });
    expect(highest.chosen?.credential.token).toBe("admin-1");
  });

  it("names the signed-in person even when they open nothing here, and nobody when no email comes back", async () => {
    const refused = await whoActs({ storage: localStorage, pick: "highest", makeApi: meClients({ "(sign-in)": ada(null) }) });
    expect(refused).toEqual({ chosen: null, person: ada(null) });
    const nobody = await whoActs({ storage: localStorage, pick: "highest", makeApi: meClients({}) });
    expect(nobody).toEqual({ chosen: null, person: null });
  });
});

describe("signedInPerson", () => {
  it("asks with the Access cookie alone, about the hackathon when one is named", async () => {
    const asked: string[] = [];
    saveToken(localStorage, ADMIN_SCOPE, "admin-1");
    expect(await signedInPerson(meClients({ "(sign-in)": ada("viewer"), "admin-1": admin }, asked), "spring-jam")).toEqual(ada("viewer"));
    expect(asked).toEqual(["(sign-in)?hackathon=spring-jam"]);
  });

  it("is nobody when the answer names no person or asking fails", async () => {
    expect(await signedInPerson(meClients({ "(sign-in)": admin }))).toBeNull();
    const failing = (token: string | null) => createApiClient({ token, fetch: async () => new Response("boom", { status: 500 }) });
    expect(await signedInPerson(failing)).toBeNull();
  });
});
