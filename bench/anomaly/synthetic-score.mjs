#!/usr/bin/env node
// Scores the detector on the seeded synthetic suite (synthetic.mjs) with the NAB scorer.
//
// usage (from the project root): nice -n 10 node bench/anomaly/synthetic-score.mjs [detector.ts] [--options JSON]
//
// Two thresholds are reported: the one score.mjs optimises on the synthetic files
// themselves (its usual way), and the one it optimises on the 34 shared NAB files, which
// the suite never saw (the fairer reading: the product has one threshold for all series).
// Per category: windows hit and false-positive points at each.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadProfiles } from "../../../shared/nab/score.mjs";
import { loadCorpus, loadCreateDetector, runCorpus, SHARED_NAB } from "./run-corpus.mjs";
import { scoreAt, scoreOptimised } from "./folds.mjs";
import { writeSyntheticCorpus } from "./synthetic.mjs";

const args = process.argv.slice(2);
const at = args.indexOf("--options");
const options = at >= 0 ? JSON.parse(args.splice(at, 2)[1]) : {};
const modulePath = args[0] ?? "worker/src/anomaly/index.ts";

const cost = loadProfiles(SHARED_NAB).standard;
const createDetector = await loadCreateDetector(modulePath);
const dir = writeSyntheticCorpus(fs.mkdtempSync(path.join(os.tmpdir(), "anomaly-synthetic-")));
const synthetic = runCorpus(createDetector, loadCorpus(dir), options);
const nab = runCorpus(createDetector, loadCorpus(), options);
const own = scoreOptimised(synthetic.prepared, cost);
const nabThreshold = scoreOptimised(nab.prepared, cost).threshold;
const atNab = scoreAt(synthetic.prepared, cost, nabThreshold);

const fmt = (s) => `${s.normalised.toFixed(2).padStart(7)} ${(`${s.hit}/${s.windows}`).padStart(6)} ${String(s.fpPoints).padStart(4)}`;
console.log(`synthetic suite: ${synthetic.prepared.length} files, options ${JSON.stringify(options)}`);
console.log(`category                   at own thr ${own.threshold?.toFixed(4)}     at NAB thr ${nabThreshold?.toFixed(4)}`);
console.log("                            score   hits   fp     score   hits   fp");
const cats = [...new Set(synthetic.prepared.map((f) => f.category))];
for (const c of cats) {
  const files = synthetic.prepared.filter((f) => f.category === c);
  const a = scoreAt(files, cost, own.threshold);
  const b = scoreAt(files, cost, nabThreshold);
  // A category without windows has no normalised score; its false positives are the point.
  const show = (s) => (s.windows ? fmt(s) : `      -      - ${String(s.fpPoints).padStart(4)}`);
  console.log(`${c.padEnd(26)} ${show(a)}   ${show(b)}`);
}
console.log(`${"all".padEnd(26)} ${fmt(own)}   ${fmt(atNab)}`);
console.log(`SYNTHETIC standard=${own.normalised.toFixed(2)} at_nab_threshold=${atNab.normalised.toFixed(2)}`);
fs.rmSync(dir, { recursive: true, force: true });
