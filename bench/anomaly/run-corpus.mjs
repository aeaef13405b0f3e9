// Runs a streaming detector over a NAB-format corpus in-process and returns each file's
// scores prepared for ../shared/nab/score.mjs (no result CSVs are written). Shared by the
// leave-one-category-out tuner and the synthetic suite, so both feed the detector exactly
// as ../shared/nab/run-detector.mjs does: one fresh detector per file, points in file order,
// zone-less timestamps read as UTC milliseconds.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { canonicalTs, loadWindows, prepareFile, readCsvColumns } from "../../../shared/nab/score.mjs";

export const SHARED_NAB = path.resolve(import.meta.dirname, "../../../shared/nab");

/** Bundles a .ts detector module with the project's esbuild and returns its createDetector. */
export async function loadCreateDetector(modulePath) {
  const abs = path.resolve(modulePath);
  const req = createRequire(path.join(process.cwd(), "package.json"));
  let where;
  try {
    where = req.resolve("esbuild");
  } catch {
    where = createRequire(req.resolve("wrangler/package.json")).resolve("esbuild");
  }
  const esbuild = await import(pathToFileURL(where).href);
  const outfile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "anomaly-bench-")), "detector.mjs");
  await esbuild.build({
    entryPoints: [abs],
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    outfile,
    logLevel: "warning",
  });
  const mod = await import(pathToFileURL(outfile).href);
  if (typeof mod.createDetector !== "function") throw new Error(`${modulePath} does not export createDetector`);
  return mod.createDetector;
}

/** "YYYY-MM-DD HH:MM:SS[.fff]" without a zone, read as UTC (as run-detector.mjs does). */
function parseTimestamp(s) {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(\.\d+)?/.exec(s);
  if (!m) throw new Error(`bad timestamp: ${s}`);
  return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6], m[7] ? Math.round(Number(m[7]) * 1000) : 0);
}

/** Reads every labelled data file of the corpus once: { key, category, text, ts, values }. */
export function loadCorpus(nabDir = SHARED_NAB) {
  const windows = loadWindows(nabDir);
  const files = Object.keys(windows)
    .sort()
    .filter((key) => fs.existsSync(path.join(nabDir, "data", key)))
    .map((key) => {
      const {
        cols: [tsText, valText],
      } = readCsvColumns(path.join(nabDir, "data", key), ["timestamp", "value"]);
      return {
        key,
        category: key.split("/")[0],
        windows: windows[key],
        text: tsText.map(canonicalTs),
        ts: Float64Array.from(tsText, parseTimestamp),
        values: Float64Array.from(valText, Number),
      };
    });
  return { nabDir, files };
}

/**
 * Scores every file with createDetector(options); returns the prepared files (score.mjs's
 * prepareFile), the detector throughput and the largest JSON state seen at the end of a file.
 */
export function runCorpus(createDetector, corpus, options = {}) {
  let ms = 0;
  let points = 0;
  let maxState = 0;
  const prepared = corpus.files.map((f) => {
    const n = f.values.length;
    const scores = new Float64Array(n);
    const t0 = performance.now();
    const det = createDetector(options);
    for (let i = 0; i < n; i++) scores[i] = Math.min(1, Math.max(0, det.update(f.ts[i], f.values[i]) || 0));
    ms += performance.now() - t0;
    points += n;
    maxState = Math.max(maxState, JSON.stringify(det).length);
    return { ...prepareFile(f.key, f.text, Array.from(scores), f.windows), category: f.category };
  });
  return { prepared, pointsPerSecond: points / (ms / 1000), maxState };
}
