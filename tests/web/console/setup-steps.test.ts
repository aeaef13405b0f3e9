import { describe, expect, it } from "vitest";
import { lastEventAt, maskSecrets, secretsOf, setupSteps } from "$lib/console/setup-steps";
import { makeDashboardState } from "../fixtures/dashboard-state";
import { makeCredentials } from "../fixtures/hackathon";

const created = makeCredentials();
const steps = setupSteps("https://pitwall.example.com/", created);
const step = (id: string) => steps.find((s) => s.id === id);

describe("setupSteps", () => {
  it("covers signed events, GitHub, Pub/Sub and OpenTelemetry, each feeding its sources", () => {
    expect(steps.map((s) => [s.id, s.feeds])).toEqual([
      ["events", ["cost", "tasks", "tokens", "performance"]],
      ["github", ["tasks"]],
      ["pubsub", ["cost"]],
      ["otlp", ["tokens", "performance"]],
    ]);
  });

  it("gives GitHub its URL and the secret exactly as returned, and masks secrets", () => {
    expect(step("github")?.values).toEqual([
      { label: "Payload URL", value: created.webhook_urls.github, secret: false },
      { label: "Webhook secret", value: "whsec_c2VjcmV0", secret: true },
    ]);
    expect(step("pubsub")?.values).toEqual([{ label: "Push endpoint", value: created.webhook_urls.gcp_billing, secret: true }]);
  });

  it("prints a script that signs with the hackathon's secret and URL", () => {
    const script = step("events")?.snippet?.text ?? "";
    expect(script).toContain(`const url = "${created.webhook_urls.events}";`);
    expect(script).toContain('const secret = "whsec_c2VjcmV0";');
    expect(script).toContain("new Webhook(secret).sign(msgId, now, body)");
  });

  it("prints the OTLP exporter lines with the real ingest token, as the contract's helper builds them", () => {
    expect(step("otlp")?.snippet?.text.split("\n")).toEqual([
      "export OTEL_EXPORTER_OTLP_ENDPOINT=https://pitwall.example.com/otlp/spring-jam",
      "export OTEL_EXPORTER_OTLP_HEADERS=Authorization=Bearer%20pwi_ingest",
      "export OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf",
      "export OTEL_SERVICE_NAME=<your-service>",
    ]);
  });

  it("puts the Pub/Sub URL, token and all, in the gcloud command", () => {
    expect(step("pubsub")?.snippet?.text).toContain(`--push-endpoint="${created.webhook_urls.gcp_billing}"`);
  });
});

describe("maskSecrets", () => {
  it("hides every secret of the answer in a snippet, percent-encoded ones too, and nothing else", () => {
    const masked = maskSecrets(step("otlp")?.snippet?.text ?? "", secretsOf(created));
    expect(masked).not.toContain("pwi_ingest");
    expect(masked).toContain("export OTEL_EXPORTER_OTLP_ENDPOINT=https://pitwall.example.com/otlp/spring-jam");
    expect(maskSecrets("token pwv_a%2Fb", ["pwv_a/b"])).toBe(`token ${"•".repeat(12)}`);
    expect(maskSecrets(step("events")?.snippet?.text ?? "", secretsOf(created))).not.toContain("whsec_");
  });
});

describe("lastEventAt", () => {
  it("is the latest event of any source the integration feeds, null before any", () => {
    const state = makeDashboardState();
    const health = (at: string | null) => ({ ...state.hysteresis_health.cost, last_event_at: at });
    const heard = {
      hysteresis_health: {
        cost: health("2026-11-28T10:00:00Z"),
        tasks: health(null),
        tokens: health("2026-11-28T11:00:00Z"),
        performance: health(null),
      },
    };
    expect(lastEventAt(heard, ["cost", "tasks", "tokens", "performance"])).toBe("2026-11-28T11:00:00Z");
    expect(lastEventAt(heard, ["cost"])).toBe("2026-11-28T10:00:00Z");
    expect(lastEventAt(heard, ["tasks"])).toBeNull();
  });
});
