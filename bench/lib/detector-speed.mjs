// The anomaly detector alone, in Node: points per second and the size of its persisted state.
import { build } from "esbuild";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import { ROOT } from "../../scripts/lib/paths.mjs";

/** A noisy daily-ish series with occasional spikes, deterministic. */
function* series(points) {
  let state = 12345;
  const noise = () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31 - 0.5;
  };
  for (let i = 0; i < points; i++) {
    const spike = i % 5_000 === 4_999 ? 40 : 0;
    yield 100 + 10 * Math.sin(i / 500) + 3 * noise() + spike;
  }
}

/** @returns {Promise<{ points, points_per_s, state_bytes }>} */
export async function benchDetector({ points = 1_000_000 } = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "pitwall-detector-"));
  try {
    const outfile = path.join(dir, "detector.mjs");
    await build({
      entryPoints: [path.join(ROOT, "worker/src/anomaly/index.ts")],
      bundle: true,
      format: "esm",
      outfile,
      logLevel: "warning",
    });
    const { createDetector } = await import(pathToFileURL(outfile).href);
    const values = Float64Array.from(series(points));
    const detector = createDetector();
    let sink = 0;
    const started = performance.now();
    for (let i = 0; i < values.length; i++) sink += detector.update(i * 60_000, values[i]);
    const seconds = (performance.now() - started) / 1000;
    if (!Number.isFinite(sink)) throw new Error("detector produced a non-finite score");
    return { points, points_per_s: points / seconds, state_bytes: JSON.stringify(detector.toJSON()).length };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
