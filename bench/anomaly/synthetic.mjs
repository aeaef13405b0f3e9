#!/usr/bin/env node
// Writes a deterministic (seeded) labelled corpus in NAB's layout, for the patterns the
// shared NAB files hardly hold: level shifts that stay, variance changes, a broken weekly
// rhythm (a quiet day where a busy one was due), slow drift, stuck values, and a control
// category with none. Every file: 4 weeks of points about 5 minutes apart with jitter and
// gaps (timestamps are irregular on purpose), a daily and weekly rhythm, noise, and three
// planted anomalies from day 10 on (the detector has seen a full week by then). Label
// windows follow NAB: 10% of the file, split between its anomalies, centred on each label.
//
// usage: node bench/anomaly/synthetic.mjs <outDir>   (then score it with run-detector.mjs
//        --nab-dir <outDir>, or with bench/anomaly/synthetic-score.mjs)
import fs from "node:fs";
import path from "node:path";
import { SHARED_NAB } from "./run-corpus.mjs";

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const START = Date.UTC(2026, 0, 5); // a Monday
const DAYS = 28;
const FILES_PER_KIND = 4;
const ANOMALY_DAYS = [10, 16, 22];

/** mulberry32: small, seedable, good enough for test data. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const gauss = (r) => Math.sqrt(-2 * Math.log(r() + 1e-12)) * Math.cos(2 * Math.PI * r());

/** Irregular timestamps: ~5 min apart, +-2 min jitter, and now and then a gap of up to an hour. */
function timestamps(r) {
  const out = [];
  for (let t = START; t < START + DAYS * DAY; ) {
    out.push(t);
    t += r() < 0.01 ? 20 * MIN + r() * 40 * MIN : 3 * MIN + r() * 4 * MIN;
  }
  return out.map((t) => Math.round(t / 1000) * 1000);
}

/** Busy working hours on weekdays, a quieter weekend: the rhythm a hackathon's traffic has. */
function rhythm(t, amp) {
  const day = Math.floor((t - START) / DAY);
  const hour = ((t - START) % DAY) / (60 * MIN);
  const weekday = day % 7 < 5;
  const daytime = Math.max(0, Math.sin(((hour - 7) / 14) * Math.PI));
  return amp * daytime * (weekday ? 1 : 0.25);
}

// Each kind plants one anomaly at label time `at` (ms) and returns the series' value at t.
// Sizes are in units of the noise's standard deviation `sd`, and kept modest: each is
// visible to a person looking at the chart but not a spike.
const KINDS = {
  syntheticLevelShift: (r) => {
    const steps = ANOMALY_DAYS.map(() => (r() < 0.5 ? -1 : 1) * (3 + 2 * r()));
    return (t, sd, at) => {
      let off = 0;
      at.forEach((a, i) => {
        if (t >= a) off += steps[i] * sd;
      });
      return off;
    };
  },
  syntheticVarianceChange: () => (t, sd, at, r) => {
    const inside = at.some((a) => t >= a && t < a + DAY / 2);
    return inside ? gauss(r) * sd * 3 : 0;
  },
  syntheticBrokenSeason: () => (t, _sd, at, _r, amp) => {
    // The whole labelled weekday is as quiet as a weekend; the label is when its busy hours were due.
    const broken = at.some((a) => t >= a - 8 * 60 * MIN && t < a + 16 * 60 * MIN);
    return broken ? -0.75 * rhythm(t, amp) : 0;
  },
  syntheticDrift: () => (t, sd, at) => {
    let off = 0;
    for (const a of at) if (t >= a) off += Math.min(1, (t - a) / (DAY / 2)) * 5 * sd;
    return off;
  },
  syntheticStuck: () => null, // handled in makeFile: the value freezes for 4 hours
  syntheticNoAnomaly: () => () => 0,
};

function makeFile(kind, index) {
  const r = rng(1 + index * 7919 + Object.keys(KINDS).indexOf(kind) * 104729);
  const ts = timestamps(r);
  const level = 50 + 200 * r();
  const sd = level * (0.02 + 0.03 * r());
  const amp = sd * (6 + 6 * r());
  // Labels land at 08:00 on weekdays (when a broken day's busy hours were due).
  const labelDays = ANOMALY_DAYS.map((d) => (d % 7 < 5 ? d : d + (7 - (d % 7))));
  const at = kind === "syntheticNoAnomaly" ? [] : labelDays.map((d) => START + d * DAY + 8 * 60 * MIN);
  const effect = KINDS[kind](r);
  let ar = 0;
  let stuckValue = null;
  const values = ts.map((t) => {
    ar = 0.5 * ar + gauss(r) * sd * 0.87; // mildly autocorrelated noise, sd about `sd`
    let v = level + rhythm(t, amp) + ar + (effect ? effect(t, sd, at, r, amp) : 0);
    if (kind === "syntheticStuck") {
      const stuck = at.some((a) => t >= a && t < a + 4 * 60 * MIN);
      if (stuck) {
        stuckValue ??= v;
        v = stuckValue;
      } else stuckValue = null;
    }
    return Math.round(v * 100) / 100;
  });
  const labelIdx = at.map((a) => ts.findIndex((t) => t >= a));
  const half = labelIdx.length ? Math.floor((0.1 * ts.length) / labelIdx.length / 2) : 0;
  const text = (t) => new Date(t).toISOString().replace("T", " ").slice(0, 19);
  const windows = labelIdx.map((i) => [
    `${text(ts[Math.max(0, i - half)])}.000000`,
    `${text(ts[Math.min(ts.length - 1, i + half)])}.000000`,
  ]);
  const csv = `${["timestamp,value", ...ts.map((t, i) => `${text(t)},${values[i]}`)].join("\n")}\n`;
  return { key: `${kind}/${kind.replace("synthetic", "").toLowerCase()}_${index}.csv`, csv, windows };
}

export function writeSyntheticCorpus(outDir) {
  const windows = {};
  for (const kind of Object.keys(KINDS)) {
    fs.mkdirSync(path.join(outDir, "data", kind), { recursive: true });
    for (let i = 0; i < FILES_PER_KIND; i++) {
      const f = makeFile(kind, i);
      fs.writeFileSync(path.join(outDir, "data", f.key), f.csv);
      windows[f.key] = f.windows;
    }
  }
  fs.mkdirSync(path.join(outDir, "labels"), { recursive: true });
  fs.writeFileSync(path.join(outDir, "labels", "combined_windows.json"), JSON.stringify(windows, null, 1));
  fs.mkdirSync(path.join(outDir, "config"), { recursive: true });
  fs.copyFileSync(path.join(SHARED_NAB, "config", "profiles.json"), path.join(outDir, "config", "profiles.json"));
  return outDir;
}

if (process.argv[1] && path.resolve(process.argv[1]) === new URL(import.meta.url).pathname) {
  const out = process.argv[2];
  if (!out) {
    console.error("usage: node bench/anomaly/synthetic.mjs <outDir>");
    process.exit(2);
  }
  writeSyntheticCorpus(path.resolve(out));
  console.log(`synthetic corpus written to ${path.resolve(out)}`);
}
