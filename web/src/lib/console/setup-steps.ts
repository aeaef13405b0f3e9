import { type DashboardState, type HackathonCredentials, otlpExporterEnvLines, SOURCE_NAMES, type SourceName } from "$contract";

/** One value the organiser pastes somewhere; secret ones are hidden until asked. */
export interface SetupValue {
  label: string;
  value: string;
  secret: boolean;
}

/** How one integration is pointed at the hackathon, with what arrives from it. */
export interface SetupStep {
  id: "events" | "github" | "pubsub" | "otlp";
  title: string;
  /** What to do, in order. */
  steps: string[];
  values: SetupValue[];
  /** Text to paste as a whole (a script, a command, environment variables). */
  snippet: { label: string; text: string } | null;
  /** The sources its events feed: their last event shows it arriving. */
  feeds: readonly SourceName[];
}

function eventsScript(url: string, secret: string): string {
  return `// npm install standardwebhooks   (Node 20 or later)
import { Webhook } from "standardwebhooks";

const url = ${JSON.stringify(url)};
const secret = ${JSON.stringify(secret)};
const body = JSON.stringify({ id: crypto.randomUUID(), type: "metric", ts: new Date().toISOString(), name: "setup.check", value: 1 });
const msgId = \`msg_\${crypto.randomUUID()}\`;
const now = new Date();
const answer = await fetch(url, {
  method: "POST",
  headers: {
    "content-type": "application/json",
    "webhook-id": msgId,
    "webhook-timestamp": String(Math.floor(now.getTime() / 1000)),
    "webhook-signature": new Webhook(secret).sign(msgId, now, body),
  },
  body,
});
console.log(answer.status, await answer.text()); // 200 {"accepted":1,"duplicates":0}`;
}

function pubsubCommand(hackathonId: string, url: string): string {
  return `gcloud pubsub subscriptions create pitwall-${hackathonId} --topic=<your budget's topic> \\
  --push-endpoint=${JSON.stringify(url)} --ack-deadline=30`;
}

/**
 * The setup of every integration from the one-time answer of create or rotate (docs/integrations.md
 * has the long form). Secrets appear here and nowhere else: the API never shows them again.
 */
export function setupSteps(origin: string, created: HackathonCredentials): SetupStep[] {
  const { hackathon, webhook_secret: secret, webhook_urls: urls, ingest_token: ingestToken } = created;
  const secretValue: SetupValue = { label: "Webhook secret", value: secret, secret: true };
  const otlpLines = otlpExporterEnvLines({ origin, hackathonId: hackathon.id, ingestToken }, { exportPrefix: true });
  return [
    {
      id: "events",
      title: "Signed events (your own scripts and apps)",
      steps: [
        "Send cost, token, task or metric events to the events URL, signed with the webhook secret (Standard Webhooks).",
        "The script below sends one metric event; any Standard Webhooks library signs the same way.",
      ],
      values: [{ label: "Events URL", value: urls.events, secret: false }, secretValue],
      snippet: { label: "Node script", text: eventsScript(urls.events, secret) },
      feeds: SOURCE_NAMES,
    },
    {
      id: "github",
      title: "GitHub issues → tasks",
      steps: [
        "In the repository (or organisation): Settings → Webhooks → Add webhook.",
        "Payload URL: the GitHub URL below. Content type: application/json. Secret: the webhook secret exactly as shown, whsec_ included.",
        "Let me select individual events: tick Issues and, if offered, Issue dependencies and Sub-issues; untick Pushes. Add webhook.",
      ],
      values: [{ label: "Payload URL", value: urls.github, secret: false }, secretValue],
      snippet: null,
      feeds: ["tasks"],
    },
    {
      id: "pubsub",
      title: "Google Cloud billing budget → cost (Pub/Sub push)",
      steps: [
        "Have the Cloud Billing budget publish to a Pub/Sub topic (Budgets & alerts → Manage notifications → Connect a Pub/Sub topic).",
        "Create a push subscription on that topic whose endpoint is the Pub/Sub URL below (it carries its own token).",
        "Signing with a service account's OIDC token is stronger: docs/integrations.md, section 2, then set it under Settings.",
      ],
      values: [{ label: "Push endpoint", value: urls.gcp_billing, secret: true }],
      snippet: { label: "gcloud command", text: pubsubCommand(hackathon.id, urls.gcp_billing) },
      feeds: ["cost"],
    },
    {
      id: "otlp",
      title: "OpenTelemetry (LLM spans → tokens, metrics)",
      steps: [
        "Set these variables where each team's app runs: any OpenTelemetry SDK or Collector then exports here with no code.",
        "Set OTEL_SERVICE_NAME per team or app: it names the rows of “Tokens by service”. The ingest token only sends data.",
      ],
      values: [{ label: "Ingest token", value: ingestToken, secret: true }],
      snippet: { label: "Environment variables", text: [...otlpLines, "export OTEL_SERVICE_NAME=<your-service>"].join("\n") },
      feeds: ["tokens", "performance"],
    },
  ];
}

const MASK = "•".repeat(12);

/**
 * The text with every secret in it (as is, and percent-encoded, as in the OTLP headers line)
 * replaced by dots: snippets are shown masked like the values, and copied whole.
 */
export function maskSecrets(text: string, secrets: readonly string[]): string {
  return secrets
    .filter((secret) => secret !== "")
    .flatMap((secret) => [secret, encodeURIComponent(secret)])
    .reduce((masked, secret) => masked.replaceAll(secret, MASK), text);
}

/** The secrets of a one-time answer, to mask wherever they appear. */
export function secretsOf(created: HackathonCredentials): string[] {
  return [created.webhook_secret, created.ingest_token, created.viewer_token, created.operator_token, created.webhook_urls.gcp_billing];
}

/** The latest event any of `feeds` heard, from the dashboard's source health; null before the first. */
export function lastEventAt(state: Pick<DashboardState, "hysteresis_health">, feeds: readonly SourceName[]): string | null {
  const times = feeds.flatMap((source) => {
    const at = state.hysteresis_health[source]?.last_event_at;
    return at ? [at] : [];
  });
  return times.reduce<string | null>((latest, at) => (latest === null || Date.parse(at) > Date.parse(latest) ? at : latest), null);
}
