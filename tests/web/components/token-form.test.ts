import { afterEach, describe, expect, it } from "vitest";
import { flushSync, mount, unmount, type ComponentProps } from "svelte";
import TokenForm from "$lib/components/TokenForm.svelte";

let mounted: Record<string, unknown> | null = null;
afterEach(() => {
  if (mounted) unmount(mounted);
  mounted = null;
});

function render(props: Partial<ComponentProps<typeof TokenForm>>) {
  mounted = mount(TokenForm, { target: document.body, props: { heading: "Sign in", onsubmit: () => {}, ...props } });
  flushSync();
}

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
    render({ onsubmit: (token: string) => submitted.push(token) });
    submit("   ");
    submit("  pw_admin_123  ");
    expect(submitted).toEqual(["pw_admin_123"]);
  });

  it("labels the input and announces a refused token as an alert", () => {
    render({ onsubmit: () => {}, problem: "That admin token was refused." });
    expect(document.querySelector('label[for="token-input"]')?.textContent).toBe("Access token");
    expect(document.querySelector('[role="alert"]')?.textContent).toBe("That admin token was refused.");
  });

  it("shows no alert before anything went wrong", () => {
    render({ onsubmit: () => {}, description: "Needs the admin token." });
    expect(document.querySelector('[role="alert"]')).toBeNull();
  });
});
