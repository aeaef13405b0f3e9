import { describe, expect, it } from "vitest";
import OtlpSetupPanel from "$lib/dashboard/OtlpSetupPanel.svelte";
import { INGEST_TOKEN_PLACEHOLDER, otlpEndpoint, otlpSetupText } from "$lib/dashboard/otlp-setup-text";
import { byTestId, render } from "../helpers/render";

describe("otlpSetupText", () => {
  it("gives the exporter lines with the ingest token left as a readable placeholder, and the service name", () => {
    expect(otlpSetupText("https://pitwall.example.com/", "my-hack").split("\n")).toEqual([
      "export OTEL_EXPORTER_OTLP_ENDPOINT=https://pitwall.example.com/otlp/my-hack",
      `export OTEL_EXPORTER_OTLP_HEADERS=Authorization=Bearer%20${INGEST_TOKEN_PLACEHOLDER}`,
      "export OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf",
      "export OTEL_SERVICE_NAME=<your-service>",
    ]);
  });

  it("gives the endpoint the SDK appends /v1/traces to", () => {
    expect(otlpEndpoint("http://127.0.0.1:8787", "jam")).toBe("http://127.0.0.1:8787/otlp/jam");
  });
});

describe("OtlpSetupPanel", () => {
  it("shows the endpoint and the variables to copy, and says where the ingest token comes from", () => {
    render(OtlpSetupPanel, { origin: "https://pitwall.example.com", hackathonId: "my-hack" });
    expect(byTestId("otlp-endpoint")?.textContent).toBe("https://pitwall.example.com/otlp/my-hack");
    expect(byTestId("otlp-env")?.textContent).toContain("OTEL_EXPORTER_OTLP_HEADERS=Authorization=Bearer%20<ingest_token>");
    expect(byTestId("otlp-copy")?.tagName).toBe("BUTTON");
    expect(byTestId("otlp-setup")?.textContent).toMatch(/shown once,\s+when the hackathon was created/);
  });
});
