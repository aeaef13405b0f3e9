import { describe, expect, it } from "vitest";
import type { PollRead } from "$contract";
import { checkPoll, keptCredential, type PollEdit, pollEditOf } from "$lib/console/poll-form";

const openai: PollRead = {
  kind: "openai-usage",
  api_base_url: "http://127.0.0.1:9100",
  project_ids: ["p1", "p2"],
  credentials_set: ["admin_key"],
};
const json: PollRead = { kind: "json", url: "https://billing.example.com", credentials_set: ["headers"] };
const editing = (edit: PollEdit, change: Partial<PollEdit> = {}): PollEdit => ({ ...edit, editing: true, ...change });

describe("pollEditOf", () => {
  it("fills the editor from a stored poll, lists comma-separated, credentials never", () => {
    expect(pollEditOf(openai)).toEqual({
      editing: false,
      kind: "openai-usage",
      fields: { api_base_url: "http://127.0.0.1:9100", project_ids: "p1, p2" },
      secret: "",
    });
    expect(pollEditOf(null)).toEqual({ editing: false, kind: "none", fields: {}, secret: "" });
  });

  it("leaves a JSON poll's URL empty: reads show its origin only, and sending that back would cut the path", () => {
    expect(pollEditOf(json).fields).toEqual({ url: "" });
  });
});

describe("checkPoll", () => {
  it("leaves a poll that was not edited out of the PATCH, so its stored key stays", () => {
    expect(checkPoll("tokens", openai, pollEditOf(openai))).toEqual({ ok: true, poll: undefined });
  });

  it("sends the whole poll without the credential when none is typed, and with it when one is", () => {
    expect(checkPoll("tokens", openai, editing(pollEditOf(openai)))).toEqual({
      ok: true,
      poll: { kind: "openai-usage", api_base_url: "http://127.0.0.1:9100", project_ids: ["p1", "p2"] },
    });
    const replaced = checkPoll("tokens", openai, editing(pollEditOf(openai), { secret: " sk-admin-new " }));
    expect(replaced.ok && replaced.poll).toMatchObject({ admin_key: "sk-admin-new" });
  });

  it("removes a stored poll with null, and sends nothing when there was none", () => {
    expect(checkPoll("cost", json, editing(pollEditOf(json), { kind: "none" }))).toEqual({ ok: true, poll: null });
    expect(checkPoll("cost", null, editing(pollEditOf(null)))).toEqual({ ok: true, poll: undefined });
  });

  it("reads headers from “Name: value” lines", () => {
    const edit = editing(pollEditOf(json), {
      fields: { url: "https://billing.example.com/spend?x=1" },
      secret: "Authorization: Bearer abc\n\nX-Team:  7 ",
    });
    expect(checkPoll("cost", json, edit)).toEqual({
      ok: true,
      poll: { kind: "json", url: "https://billing.example.com/spend?x=1", headers: { Authorization: "Bearer abc", "X-Team": "7" } },
    });
  });

  it("refuses a missing required field, a bad header line and a bad URL under the API's paths", () => {
    const missing = checkPoll("cost", json, editing(pollEditOf(json), { secret: "no colon here" }));
    expect(missing).toEqual({
      ok: false,
      errors: { "sources.cost.poll.url": ["Required"], "sources.cost.poll.headers": ["Each line must be “Name: value”"] },
    });
    const badRepo = checkPoll("tasks", null, {
      editing: true,
      kind: "github-issues",
      fields: { repo: "not a repo", api_base_url: "ftp://x" },
      secret: "",
    });
    expect(badRepo.ok).toBe(false);
    if (badRepo.ok) return;
    expect(Object.keys(badRepo.errors).sort()).toEqual(["sources.tasks.poll.api_base_url", "sources.tasks.poll.repo"]);
  });
});

describe("keptCredential", () => {
  it("keeps the stored key while the kind and origin stay and no new one is typed", () => {
    expect(keptCredential(openai, editing(pollEditOf(openai)))).toBe("admin_key");
    expect(keptCredential(openai, editing(pollEditOf(openai), { fields: { api_base_url: "http://127.0.0.1:9100/v2" } }))).toBe("admin_key");
  });

  it("says the key is dropped when the origin or kind changes, or replaced when one is typed", () => {
    expect(keptCredential(openai, editing(pollEditOf(openai), { fields: { api_base_url: "" } }))).toBeNull();
    expect(keptCredential(openai, editing(pollEditOf(openai), { kind: "anthropic-usage" }))).toBeNull();
    expect(keptCredential(openai, editing(pollEditOf(openai), { secret: "new" }))).toBeNull();
    expect(keptCredential(json, editing(pollEditOf(json), { fields: { url: "https://billing.example.com/other" } }))).toBe("headers");
    expect(keptCredential(json, editing(pollEditOf(json), { fields: { url: "https://elsewhere.example.com/x" } }))).toBeNull();
  });
});
