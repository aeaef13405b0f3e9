import { describe, expect, it } from "vitest";
import { flushSync } from "svelte";
import type { PollRead } from "$contract";
import PollEditor from "$lib/console/PollEditor.svelte";
import { NO_ERRORS } from "$lib/console/field-errors";
import { type PollEdit, pollEditOf } from "$lib/console/poll-form";
import { byTestId, render } from "../helpers/render";

const stored: PollRead = { kind: "openai-usage", api_base_url: "https://api.openai.com", credentials_set: ["admin_key"] };
const click = (testid: string) => {
  (byTestId(testid) as HTMLButtonElement).click();
  flushSync();
};

describe("PollEditor", () => {
  it("shows a stored credential as set, with no field holding it, until Replace is pressed", () => {
    const state = $state<{ edit: PollEdit }>({ edit: pollEditOf(stored) });
    render(PollEditor, {
      source: "cost",
      stored,
      get edit() {
        return state.edit;
      },
      set edit(next: PollEdit) {
        state.edit = next;
      },
      errors: NO_ERRORS,
    });
    expect(byTestId("poll-cost-set-admin_key")?.textContent).toBe("admin_key set");
    click("poll-cost-edit");
    expect(state.edit.editing).toBe(true);
    expect(byTestId("poll-cost-secret-set")?.textContent).toBe("set");
    expect(byTestId("poll-cost-secret")).toBeNull();
    expect(byTestId("poll-cost")?.textContent).toContain("(kept: never shown, never sent back)");
    click("poll-cost-replace");
    expect((byTestId("poll-cost-secret") as HTMLInputElement).type).toBe("password");
    click("poll-cost-cancel");
    expect(state.edit).toEqual(pollEditOf(stored));
  });
});
