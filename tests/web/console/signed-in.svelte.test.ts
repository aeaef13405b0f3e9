import { beforeEach, describe, expect, it } from "vitest";
import type { Me } from "$contract";
import { ADMIN_SCOPE, hackathonScope, saveToken } from "$lib/auth/token-store";
import { SignedIn } from "$lib/console/signed-in.svelte";
import { meClients } from "../helpers/me-clients";

beforeEach(() => localStorage.clear());

describe("SignedIn", () => {
  it("names who the dashboard acts as: its own token first", async () => {
    saveToken(localStorage, hackathonScope("spring-jam"), "pwv_1");
    saveToken(localStorage, ADMIN_SCOPE, "admin-1");
    const asked: string[] = [];
    const answers: Record<string, Me> = {
      pwv_1: { by: "viewer token", email: null, role: "viewer" },
      "admin-1": { by: "admin token", email: null, role: "admin" },
    };
    const signedIn = new SignedIn(localStorage, meClients(answers, asked));
    await signedIn.update({ hackathonId: "spring-jam", pick: "first" });
    expect(signedIn.chosen?.me.by).toBe("viewer token");
    await signedIn.update({ hackathonId: "spring-jam", pick: "highest" });
    expect(signedIn.chosen?.me.by).toBe("admin token");
  });

  it("asks the API again only when the page or the stored tokens change", async () => {
    const asked: string[] = [];
    const signedIn = new SignedIn(
      localStorage,
      meClients({ "(sign-in)": { by: "ada@example.com", email: "ada@example.com", role: null } }, asked),
    );
    await signedIn.update({ pick: "highest" });
    await signedIn.update({ pick: "highest" });
    expect(asked).toEqual(["(sign-in)"]);
    expect(signedIn.chosen).toBeNull();
    expect(signedIn.person?.email).toBe("ada@example.com");
    saveToken(localStorage, ADMIN_SCOPE, "admin-1");
    await signedIn.update({ pick: "highest" });
    expect(asked).toEqual(["(sign-in)", "admin-1", "(sign-in)"]);
    signedIn.forget();
    await signedIn.update({ pick: "highest" });
    expect(asked).toHaveLength(5);
  });
});
