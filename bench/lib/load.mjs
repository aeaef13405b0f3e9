// Runs `task(worker, iteration)` from `concurrency` workers in parallel, each looping until
// the duration is over or it has done `maxIterations`. Records each call's latency.

/**
 * @param {{ concurrency: number, durationMs?: number, maxIterations?: number,
 *           task: (worker: number, iteration: number) => Promise<any> }} options
 * @returns {Promise<{ elapsedMs: number, latencies: number[], results: any[], errors: string[] }>}
 */
export async function runLoad({ concurrency, durationMs = Infinity, maxIterations = Infinity, task }) {
  if (!Number.isFinite(durationMs) && !Number.isFinite(maxIterations)) throw new Error("unbounded load");
  const latencies = [];
  const results = [];
  const errors = [];
  const started = performance.now();
  const deadline = started + durationMs;
  async function worker(index) {
    for (let i = 0; i < maxIterations && performance.now() < deadline; i++) {
      const t0 = performance.now();
      try {
        results.push(await task(index, i));
      } catch (error) {
        errors.push(error.cause?.code ?? error.message);
      }
      latencies.push(performance.now() - t0);
    }
  }
  await Promise.all(Array.from({ length: concurrency }, (_, i) => worker(i)));
  return { elapsedMs: performance.now() - started, latencies, results, errors };
}

/** Runs `fn` over `items` with at most `limit` in flight; returns the results in order. */
export async function mapLimit(items, limit, fn) {
  const results = new Array(items.length);
  let next = 0;
  async function lane() {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index], index);
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}
