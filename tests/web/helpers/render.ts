import { afterEach } from "vitest";
import { flushSync, mount, unmount, type Component } from "svelte";

let mounted: Record<string, unknown> | null = null;

function unmountCurrent(): void {
  if (mounted) unmount(mounted);
  mounted = null;
}

afterEach(() => {
  unmountCurrent();
  document.body.innerHTML = "";
});

/**
 * Mounts one component into the page and flushes; it replaces the one before and goes after the test.
 * `Props` is inferred from the component alone (`NoInfer`), so `props` is checked against it.
 */
export function render<Props extends object>(component: Component<Props>, props: NoInfer<Props>): void {
  unmountCurrent();
  mounted = mount(component, { target: document.body, props });
  flushSync();
}

export const byTestId = (id: string) => document.querySelector(`[data-testid="${id}"]`);
