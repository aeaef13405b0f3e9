import { beforeEach, describe, expect, it } from "vitest";
import type { Me } from "$contract";
import { ADMIN_SCOPE, hackathonScope, loadToken, saveToken } from "$lib/auth/token-store";
import { chooseCredential, type Credential, rememberToken, signedInLabel, storedCredentials } from "$lib/auth/credential";

const me = (role: Me["role"], by: string | null = role ? `${role} token` : null, email: string | null = null): Me => ({ by, email, role });

/** Answers /api/me per token (null: the request carries no token, so the Access cookie speaks). */
const askingBy = (answers: Record<string, Me | Error>) => async (credential: Credential) => {
  const answer = answers[credential.token ?? "(sign-in)"];
  if (!answer) throw new Error("not asked for");
  if (answer instanceof Error) throw answer;
  return answer;
};

beforeEach(() => localStorage.clear());

describe("storedCredentials", () => {
  it("lists the hackathon's own token, then the admin token, then the signed-in person", () => {
    saveToken(localStorage, ADMIN_SCOPE, "admin-1");
    saveToken(localStorage, hackathonScope("spring-jam"), "pwv_1");
    expect(storedCredentials(localStorage, "spring-jam")).toEqual([
      { token: "pwv_1", source: "hackathon token" },
      { token: "admin-1", source: "admin token" },
      { token: null, source: "sign-in" },
    ]);
    expect(storedCredentials(localStorage).map((c) => c.source)).toEqual(["admin token", "sign-in"]);
    localStorage.clear();
    expect(storedCredentials(localStorage, "spring-jam")).toEqual([{ token: null, source: "sign-in" }]);
  });
});

describe("chooseCredential", () => {
  const candidates: Credential[] = [
    { token: "pwv_1", source: "hackathon token" },
    { token: "admin-1", source: "admin token" },
    { token: null, source: "sign-in" },
  ];

  it("acts, like the dashboard, as the first credential that reads anything", async () => {
    const ask = askingBy({ pwv_1: me("viewer"), "admin-1": me("admin"), "(sign-in)": me(null) });
    expect((await chooseCredential(candidates, ask, "first"))?.credential.token).toBe("pwv_1");
  });

  it("acts, in the console, as the credential with the most rights, the earlier one on a tie", async () => {
    const ask = askingBy({
      pwv_1: me("viewer"),
      "admin-1": me("admin"),
      "(sign-in)": me("operator", "ada@example.com", "ada@example.com"),
    });
    expect((await chooseCredential(candidates, ask, "highest"))?.me.role).toBe("admin");
    const tie = askingBy({ pwv_1: me("operator"), "admin-1": me(null), "(sign-in)": me("operator", "ada@example.com", "ada@example.com") });
    expect((await chooseCredential(candidates, tie, "highest"))?.credential.token).toBe("pwv_1");
  });

  it("skips credentials that read nothing (an ingest token, a refused or failed answer)", async () => {
    const ask = askingBy({
      pwv_1: me("ingest"),
      "admin-1": new Error("network"),
      "(sign-in)": me("viewer", "bo@example.com", "bo@example.com"),
    });
    expect((await chooseCredential(candidates, ask, "first"))?.credential.source).toBe("sign-in");
    const nothing = askingBy({ pwv_1: me(null), "admin-1": me(null), "(sign-in)": me(null) });
    expect(await chooseCredential(candidates, nothing, "highest")).toBeNull();
  });
});

describe("rememberToken and signedInLabel", () => {
  it("keeps a typed token as the admin's, or else as the hackathon's own", () => {
    rememberToken(localStorage, "admin-2", me("admin"), "spring-jam");
    rememberToken(localStorage, "pwo_2", me("operator"), "spring-jam");
    expect(loadToken(localStorage, ADMIN_SCOPE)).toBe("admin-2");
    expect(loadToken(localStorage, hackathonScope("spring-jam"))).toBe("pwo_2");
  });

  it("names a person by email and a token by its kind", () => {
    expect(signedInLabel({ credential: { token: null, source: "sign-in" }, me: me("admin", "ada@example.com", "ada@example.com") })).toBe(
      "ada@example.com",
    );
    expect(signedInLabel({ credential: { token: "x", source: "admin token" }, me: me("admin") })).toBe("admin token");
  });
});
