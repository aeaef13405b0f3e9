/**
 * Where on the dashboard an alert's recommended action can be carried out. The worker words the
 * actions (worker/src/durable/alerts/describe.ts); these patterns follow that wording.
 */
const ACTION_TARGETS: readonly { pattern: RegExp; href: string }[] = [
  { pattern: /\btop services by spend\b|^Check the spike in (the billed services|service )/i, href: "#spend-by-service" },
  { pattern: /^Cap (the busiest model|model )/i, href: "#token-models" },
];

/** The in-page link for a recommended action, or null when the dashboard has no panel for it. */
export function actionTarget(action: string): string | null {
  return ACTION_TARGETS.find(({ pattern }) => pattern.test(action))?.href ?? null;
}
