import { describe, expect, it } from "vitest";
import { metricName } from "../../../worker/src/otlp/metric-names";

describe("metricName", () => {
  it("maps OTel instrument names to the metric-name rule", () => {
    expect(metricName("http.server.request.duration")).toBe("http.server.request.duration");
    expect(metricName("Queue-Depth/p99")).toBe("queue_depth_p99");
    expect(metricName("2xx.responses")).toBe("m_2xx.responses");
    expect(metricName("")).toBeNull();
    expect(metricName("a".repeat(100))).toBe("a".repeat(64));
    expect(metricName("b".repeat(100), ".count")).toBe(`${"b".repeat(58)}.count`);
  });
});
