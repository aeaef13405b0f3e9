// What the browser checks add to the page's window through page.evaluate / addInitScript.
export {};

declare global {
  interface Window {
    /** Set on the page before an in-app navigation: still there afterwards means no reload. */
    __sameDocument?: boolean;
    /** axe-core, injected by the accessibility checks. */
    axe: typeof import("axe-core");
    /** Exposed by the CSP check: reports one violation to the test. */
    __pitwallCspViolation: (line: string) => void;
  }
}
