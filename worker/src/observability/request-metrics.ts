import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { matchedRoutes } from "hono/route";
import type { AppEnv } from "../app-env";
import type { MetricFamily, Sample } from "./exposition";

/** Upper bounds in seconds; the Worker answers most requests in milliseconds, a slow poll or D1 in seconds. */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;

type Series = { method: string; route: string; statusClass: string; buckets: number[]; sum: number; count: number };

/**
 * Request latency, per isolate: Workers isolates share no memory, and a durable aggregate
 * would cost a write per request. Every series carries this isolate's id, so each one is a
 * monotonic counter of its own and series of different isolates are never mixed up.
 * docs/operations.md ("Metrics") explains what that means for queries.
 */
export class LatencyHistogram {
  // Set on the first request: random values and the clock are not available at global scope.
  #isolate: { id: string; startedAt: number } | null = null;
  readonly #series = new Map<string, Series>();

  get #identity() {
    this.#isolate ??= { id: crypto.randomUUID(), startedAt: Date.now() };
    return this.#isolate;
  }

  observe(method: string, route: string, status: number, seconds: number): void {
    void this.#identity;
    const statusClass = `${Math.floor(status / 100)}xx`;
    const key = `${method} ${route} ${statusClass}`;
    let series = this.#series.get(key);
    if (!series) {
      series = { method, route, statusClass, buckets: LATENCY_BUCKETS.map(() => 0), sum: 0, count: 0 };
      this.#series.set(key, series);
    }
    LATENCY_BUCKETS.forEach((bound, i) => {
      if (seconds <= bound) series.buckets[i]! += 1;
    });
    series.sum += seconds;
    series.count += 1;
  }

  families(): MetricFamily[] {
    const { id: isolate, startedAt } = this.#identity;
    const samples: Sample[] = [];
    for (const s of this.#series.values()) {
      const labels = { isolate, method: s.method, route: s.route, status_class: s.statusClass };
      for (const [i, bound] of LATENCY_BUCKETS.entries()) {
        samples.push({ suffix: "_bucket", labels: { ...labels, le: String(bound) }, value: s.buckets[i]! });
      }
      samples.push({ suffix: "_bucket", labels: { ...labels, le: "+Inf" }, value: s.count });
      samples.push({ suffix: "_sum", labels, value: s.sum });
      samples.push({ suffix: "_count", labels, value: s.count });
    }
    return [
      {
        name: "pitwall_http_request_duration_seconds",
        help: "Time the Worker took to answer, by route pattern and status class; counted by the isolate that answered.",
        type: "histogram",
        samples,
      },
      {
        name: "pitwall_isolate_start_time_seconds",
        help: "When the isolate that answered this scrape started; its request histograms count from then.",
        type: "gauge",
        samples: [{ labels: { isolate }, value: startedAt / 1000 }],
      },
    ];
  }
}

export const latencyHistogram = new LatencyHistogram();

/**
 * The route pattern that answered (never the raw path, which would make a series per id).
 * A request no route matched is `unmatched`.
 */
export function routeLabel(c: Context<AppEnv>): string {
  const routes = matchedRoutes(c);
  const answering = routes[c.req.routeIndex];
  if (answering && answering.method !== "ALL") return answering.path;
  return routes.find((route) => route.method !== "ALL")?.path ?? "unmatched";
}

const KNOWN_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

/** Any method a client makes up is `other`, so no caller can mint series. */
const methodLabel = (method: string) => (KNOWN_METHODS.has(method) ? method : "other");

export const requestMetrics = createMiddleware<AppEnv>(async (c, next) => {
  const started = performance.now();
  await next();
  latencyHistogram.observe(methodLabel(c.req.method), routeLabel(c), c.res.status, (performance.now() - started) / 1000);
});
