import { beforeEach, describe, expect, it } from "vitest";
import type { Me } from "$contract";
import { ADMIN_SCOPE, hackathonScope, loadToken, saveToken } from "$lib/auth/token-store";
import { ConsoleAccess } from "$lib/console/console-access.svelte";
import { meClients } from "../helpers/me-clients";

const admin: Me = { by: "admin token", email: null, role: "admin" };
const viewer: Me = { by: "viewer token", email: null, role: "viewer" };
const person = (role: Me["role"]): Me => ({ by: "ada@example.com", email: "ada@example.com", role });

beforeEach(() => localStorage.clear());

describe("ConsoleAccess", () => {
  it("acts as the strongest credential the browser holds, not the wall screen's viewer token", async () => {
    saveToken(localStorage, hackathonScope("spring-jam"), "pwv_1");
    saveToken(localStorage, ADMIN_SCOPE, "admin-1");
    const access = new ConsoleAccess({
      storage: localStorage,
      hackathonId: "spring-jam",
      least: "viewer",
      makeApi: meClients({ pwv_1: viewer, "admin-1": admin }),
    });
    await access.check();
    expect(access.chosen?.credential.token).toBe("admin-1");
    expect(access.can).toEqual({ administer: true, operate: true, read: true });
    expect(access.allowed).toBe(true);
    expect(access.checking).toBe(false);
  });

  it("acts as the signed-in person when no token is stored, and names a person without enough role", async () => {
    const access = new ConsoleAccess({ storage: localStorage, least: "admin", makeApi: meClients({ "(sign-in)": person(null) }) });
    await access.check();
    expect(access.chosen).toBeNull();
    expect(access.person?.email).toBe("ada@example.com");
    expect(access.allowed).toBe(false);

    const member = new ConsoleAccess({
      storage: localStorage,
      hackathonId: "spring-jam",
      least: "admin",
      makeApi: meClients({ "(sign-in)": person("operator") }),
    });
    await member.check();
    expect(member.chosen?.credential.token).toBeNull();
    expect(member.problem).toBe("ada@example.com (operator) cannot use this page.");
  });

  it("tries the link's token first and keeps it where the API says it belongs", async () => {
    const asked: string[] = [];
    const access = new ConsoleAccess({
      storage: localStorage,
      hackathonId: "spring-jam",
      least: "viewer",
      makeApi: meClients({ pwo_link: { by: "operator token", email: null, role: "operator" } }, asked),
    });
    await access.check("pwo_link");
    expect(access.role).toBe("operator");
    expect(loadToken(localStorage, hackathonScope("spring-jam"))).toBe("pwo_link");
    expect(loadToken(localStorage, ADMIN_SCOPE)).toBeNull();
    expect(asked).toEqual(["pwo_link?hackathon=spring-jam"]);
  });

  it("refuses a typed token that opens nothing and keeps nothing", async () => {
    const access = new ConsoleAccess({ storage: localStorage, hackathonId: "spring-jam", least: "viewer", makeApi: meClients({}) });
    await access.useToken("garbage");
    expect(access.refused).toBe(true);
    expect(access.problem).toBe("That token opens nothing here.");
    expect(loadToken(localStorage, hackathonScope("spring-jam"))).toBeNull();
  });
});
