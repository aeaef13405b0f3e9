import { beforeEach, describe, expect, it } from "vitest";
import {
  ADMIN_SCOPE,
  adoptToken,
  forgetToken,
  fragmentWithoutToken,
  hackathonScope,
  loadToken,
  readFragmentToken,
  saveToken,
} from "$lib/auth/token-store";

beforeEach(() => localStorage.clear());

describe("readFragmentToken", () => {
  it("reads the token parameter of the fragment", () => {
    expect(readFragmentToken("#token=abc123")).toBe("abc123");
    expect(readFragmentToken("#view=wall&token=abc%2B1")).toBe("abc+1");
  });

  it("yields null when the fragment has no usable token", () => {
    expect(readFragmentToken("")).toBeNull();
    expect(readFragmentToken("#")).toBeNull();
    expect(readFragmentToken("#token=")).toBeNull();
    expect(readFragmentToken("#section=alerts")).toBeNull();
  });
});

describe("fragmentWithoutToken", () => {
  it("removes only the token and keeps the rest of the fragment", () => {
    expect(fragmentWithoutToken("#token=abc")).toBe("");
    expect(fragmentWithoutToken("#view=wall&token=abc")).toBe("#view=wall");
  });
});

describe("adoptToken", () => {
  it("stores a fragment token under its scope and asks for the fragment to be cleaned", () => {
    const result = adoptToken({ scope: hackathonScope("spring-jam"), hash: "#token=viewer-1", storage: localStorage });
    expect(result).toEqual({ token: "viewer-1", cleanedHash: "" });
    expect(loadToken(localStorage, hackathonScope("spring-jam"))).toBe("viewer-1");
    expect(loadToken(localStorage, hackathonScope("other-jam"))).toBeNull();
    expect(loadToken(localStorage, ADMIN_SCOPE)).toBeNull();
  });

  it("falls back to the stored token and leaves the address bar alone", () => {
    saveToken(localStorage, ADMIN_SCOPE, "admin-1");
    expect(adoptToken({ scope: ADMIN_SCOPE, hash: "", storage: localStorage })).toEqual({
      token: "admin-1",
      cleanedHash: null,
    });
  });

  it("lets a fragment token replace the stored one", () => {
    saveToken(localStorage, ADMIN_SCOPE, "old");
    adoptToken({ scope: ADMIN_SCOPE, hash: "#token=new", storage: localStorage });
    expect(loadToken(localStorage, ADMIN_SCOPE)).toBe("new");
  });

  it("returns no token when there is neither a fragment nor a stored token", () => {
    expect(adoptToken({ scope: ADMIN_SCOPE, hash: "", storage: localStorage }).token).toBeNull();
  });
});

describe("forgetToken", () => {
  it("removes the token of one scope only", () => {
    saveToken(localStorage, ADMIN_SCOPE, "admin-1");
    saveToken(localStorage, hackathonScope("spring-jam"), "viewer-1");
    forgetToken(localStorage, hackathonScope("spring-jam"));
    expect(loadToken(localStorage, hackathonScope("spring-jam"))).toBeNull();
    expect(loadToken(localStorage, ADMIN_SCOPE)).toBe("admin-1");
  });

  it("survives a storage that throws", () => {
    const broken = {
      getItem: () => {
        throw new Error("denied");
      },
      setItem: () => {
        throw new Error("denied");
      },
      removeItem: () => {
        throw new Error("denied");
      },
    } as unknown as Storage;
    expect(() => saveToken(broken, ADMIN_SCOPE, "x")).not.toThrow();
    expect(loadToken(broken, ADMIN_SCOPE)).toBeNull();
    expect(adoptToken({ scope: ADMIN_SCOPE, hash: "#token=t", storage: broken }).token).toBe("t");
  });
});
