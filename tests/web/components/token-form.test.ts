import { describe, expect, it } from "vitest";
import { flushSync, type ComponentProps } from "svelte";
import { render } from "../helpers/render";
import TokenForm from "$lib/components/TokenForm.svelte";

const renderForm = (props: Partial<ComponentProps<typeof TokenForm>>) =>
  render(TokenForm, { heading: "Sign in", onsubmit: () => {}, ...props });

function submit(value: string) {
  const input = document.querySelector<HTMLInputElement>("#token-input")!;
  input.value = value;
  input.dispatchEvent(new Event("input", { bubbles: true }));
  flushSync();
  document.querySelector("form")!.dispatchEvent(new Event("submit", { bubbles: true, cancelable: true }));
  flushSync();
}

describe("TokenForm", () => {
  it("hands over the trimmed token and ignores a blank one", () => {
    const submitted: string[] = [];
    renderForm({ onsubmit: (token: string) => submitted.push(token) });
    submit("   ");
    submit("  pw_admin_123  ");
    expect(submitted).toEqual(["pw_admin_123"]);
  });

  it("labels the input and announces a refused token as an alert", () => {
    renderForm({ onsubmit: () => {}, problem: "That admin token was refused." });
    expect(document.querySelector('label[for="token-input"]')?.textContent).toBe("Access token");
    expect(document.querySelector('[role="alert"]')?.textContent).toBe("That admin token was refused.");
  });

  it("shows no alert before anything went wrong", () => {
    renderForm({ onsubmit: () => {}, description: "Needs the admin token." });
    expect(document.querySelector('[role="alert"]')).toBeNull();
  });
});
