import { afterEach } from "vitest";
import { flushSync, mount, unmount, type Component, type ComponentProps } from "svelte";

let mounted: Record<string, unknown> | null = null;

function unmountCurrent(): void {
  if (mounted) unmount(mounted);
  mounted = null;
}

afterEach(() => {
  unmountCurrent();
  document.body.innerHTML = "";
});

/** Mounts one component into the page and flushes; it replaces the one before and goes after the test. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any component, its props checked below
export function render<C extends Component<any>>(component: C, props: ComponentProps<C>): void {
  unmountCurrent();
  mounted = mount(component, { target: document.body, props });
  flushSync();
}

export const byTestId = (id: string) => document.querySelector(`[data-testid="${id}"]`);
