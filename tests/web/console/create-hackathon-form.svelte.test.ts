import { describe, expect, it } from "vitest";
import { flushSync } from "svelte";
import type { HackathonCredentials } from "$contract";
import CreateHackathonForm from "$lib/console/CreateHackathonForm.svelte";
import { fakeApi, settle } from "../helpers/fake-api";
import { byTestId, render } from "../helpers/render";
import { makeCredentials } from "../fixtures/hackathon";

function type(testid: string, value: string): void {
  const input = byTestId(testid) as HTMLInputElement;
  input.value = value;
  input.dispatchEvent(new Event("input", { bubbles: true }));
  flushSync();
}

function renderForm(routes: Parameters<typeof fakeApi>[0]) {
  const fake = fakeApi(routes);
  const created: HackathonCredentials[] = [];
  render(CreateHackathonForm, { api: fake.api, oncreated: (answer) => created.push(answer) });
  const submit = async () => {
    (byTestId("create-form") as HTMLFormElement).requestSubmit();
    await settle();
  };
  return { ...fake, created, submit };
}

describe("CreateHackathonForm", () => {
  it("proposes the id from the name and creates with the defaults it shows", async () => {
    const { requests, created, submit } = renderForm({ "POST /api/hackathons": { status: 201, body: makeCredentials() } });
    type("create-name", "Spring Jam");
    expect((byTestId("create-id") as HTMLInputElement).value).toBe("spring-jam");
    await submit();
    expect(requests.map((r) => r.body)).toEqual([
      expect.objectContaining({ id: "spring-jam", name: "Spring Jam", budget: { amount: 500, currency: "USD" }, public: false }),
    ]);
    expect(created).toHaveLength(1);
  });

  it("refuses what the API would refuse, beside each field, and sends nothing", async () => {
    const { requests, submit } = renderForm({});
    type("create-budget", "-3");
    await submit();
    expect(requests).toEqual([]);
    expect(byTestId("field-error-name")).not.toBeNull();
    expect(byTestId("field-error-budget.amount")).not.toBeNull();
    expect(byTestId("create-name")?.getAttribute("aria-describedby")).toBe("field-name-error");
  });

  it("says beside the id that it is taken", async () => {
    const conflict = { error: { code: "conflict", message: "A hackathon with this id exists", issues: [] } };
    const { created, submit } = renderForm({ "POST /api/hackathons": { status: 409, body: conflict } });
    type("create-name", "Spring Jam");
    await submit();
    expect(byTestId("field-error-id")?.textContent).toBe("A hackathon with this id exists");
    expect(created).toEqual([]);
  });
});
