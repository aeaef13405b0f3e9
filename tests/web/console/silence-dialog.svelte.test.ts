import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Silence } from "$contract";
import SilenceDialog from "$lib/console/SilenceDialog.svelte";
import { fakeApi, settle } from "../helpers/fake-api";
import { byTestId, render } from "../helpers/render";

const BASE = "/api/hackathons/spring-jam/silences";
const answer: Silence = {
  id: "silence-1",
  matchers: { type: "budget", series: "cost.spend" },
  starts_at: "2026-11-28T10:00:00Z",
  ends_at: "2026-11-28T14:00:00Z",
  reason: "r",
  created_by: "operator token",
  by: "operator token",
  created_at: "2026-11-28T10:00:00Z",
  ended_by: null,
  status: "active",
};

beforeAll(() => {
  // happy-dom has <dialog> but not its modal methods.
  HTMLDialogElement.prototype.showModal ??= function showModal(this: HTMLDialogElement) {
    this.setAttribute("open", "");
  };
});

afterEach(() => vi.useRealTimers());

function submitDialog(): void {
  const form = byTestId("silence-dialog")?.querySelector("form");
  if (!form) throw new Error("the dialog has no form");
  form.requestSubmit();
}

describe("SilenceDialog", () => {
  it("opens prefilled from the alert card and creates the silence for the chosen preset", async () => {
    const { api, requests } = fakeApi({ [`POST ${BASE}`]: { status: 201, body: { silence: answer } } });
    const created: Silence[] = [];
    render(SilenceDialog, {
      api,
      hackathonId: "spring-jam",
      alert: { type: "budget", series: "cost.spend", description: "Budget 80% exhausted" },
      onclose: () => {},
      oncreated: (silence) => created.push(silence),
    });
    expect(byTestId("silence-dialog")?.hasAttribute("open")).toBe(true);
    expect((byTestId("silence-type") as HTMLSelectElement).value).toBe("budget");
    expect((byTestId("silence-series") as HTMLInputElement).value).toBe("cost.spend");
    (byTestId(`silence-for-${4 * 3_600_000}`) as HTMLInputElement).click();
    vi.useFakeTimers({ toFake: ["Date"], now: Date.parse("2026-11-28T10:00:00Z") });
    submitDialog();
    await settle();
    const body = requests[0]?.body as { matchers: unknown; ends_at: string; reason: string };
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([`POST ${BASE}`]);
    expect(body.matchers).toEqual({ type: "budget", series: "cost.spend" });
    expect(body.reason).toBe("Silenced from the alert “Budget 80% exhausted”");
    expect(body.ends_at).toBe("2026-11-28T14:00:00.000Z");
    expect(created.map((s) => s.id)).toEqual(["silence-1"]);
  });

  it("shows the API's refusal beside the field and keeps the dialog open", async () => {
    const refusal = { error: { code: "limit_exceeded", message: "Too long", issues: [{ path: "ends_at", message: "at most 7 days" }] } };
    const { api } = fakeApi({ [`POST ${BASE}`]: { status: 400, body: refusal } });
    render(SilenceDialog, {
      api,
      hackathonId: "spring-jam",
      alert: { type: "budget", series: null, description: "x" },
      onclose: () => {},
      oncreated: () => {},
    });
    submitDialog();
    await settle();
    expect(byTestId("field-error-ends_at")?.textContent).toBe("at most 7 days");
    expect(byTestId("silence-dialog")?.hasAttribute("open")).toBe(true);
  });
});
