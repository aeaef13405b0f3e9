// Makes sure web/build (the static assets wrangler serves) exists and is not older than
// the web app's sources. While the web app has no svelte.config.js yet, a placeholder
// page is written instead so that wrangler can start (web/build is git-ignored).
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { WEB_DIR } from "./paths.mjs";
import { runCommandOrThrow } from "./run-command.mjs";

const BUILD_DIR = path.join(WEB_DIR, "build");
const BUILD_INDEX = path.join(BUILD_DIR, "index.html");
const PLACEHOLDER_MARKER = path.join(BUILD_DIR, ".pitwall-placeholder");
const SOURCE_PATHS = ["src", "static", "svelte.config.js", "vite.config.js", "vite.config.ts", "package.json"];

function newestMtime(target) {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

function writePlaceholder() {
  mkdirSync(BUILD_DIR, { recursive: true });
  writeFileSync(BUILD_INDEX, "<!doctype html><meta charset=utf-8><title>Pitwall</title><p>The web app has not been built yet.</p>\n");
  writeFileSync(PLACEHOLDER_MARKER, "written by scripts/lib/web-build.mjs\n");
}

// One build at a time across processes (npm start, e2e, bench may start together):
// two `vite build`s in the same directory break each other.
const LOCK_DIR = path.join(os.tmpdir(), `pitwall-web-build-${createHash("sha1").update(WEB_DIR).digest("hex").slice(0, 12)}.lock`);
const LOCK_STALE_MS = 5 * 60_000;

async function withBuildLock(fn) {
  const deadline = Date.now() + LOCK_STALE_MS;
  for (;;) {
    try {
      mkdirSync(LOCK_DIR);
      break;
    } catch (error) {
      if (error.code !== "EEXIST") throw error;
      const age = Date.now() - (statSync(LOCK_DIR, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > LOCK_STALE_MS || Date.now() > deadline) rmSync(LOCK_DIR, { recursive: true, force: true });
      else await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(LOCK_DIR, { recursive: true, force: true });
  }
}

async function build() {
  await runCommandOrThrow("npx", ["--no", "svelte-kit", "sync"], { cwd: WEB_DIR, quiet: true });
  await runCommandOrThrow("npx", ["--no", "vite", "build"], { cwd: WEB_DIR, quiet: true });
}

/** @returns {Promise<"fresh" | "built" | "placeholder">} */
export function ensureWebBuild({ log = console.log } = {}) {
  return withBuildLock(() => ensureWebBuildUnlocked({ log }));
}

async function ensureWebBuildUnlocked({ log }) {
  const hasApp = existsSync(path.join(WEB_DIR, "svelte.config.js"));
  if (!hasApp) {
    if (!existsSync(BUILD_INDEX)) {
      log("web/svelte.config.js not found: serving a placeholder page from web/build");
      writePlaceholder();
    }
    return "placeholder";
  }
  const isPlaceholder = existsSync(PLACEHOLDER_MARKER);
  const builtAt = existsSync(BUILD_INDEX) ? statSync(BUILD_INDEX).mtimeMs : 0;
  const sourcesAt = Math.max(...SOURCE_PATHS.map((p) => newestMtime(path.join(WEB_DIR, p))));
  if (!isPlaceholder && builtAt > 0 && builtAt >= sourcesAt) return "fresh";

  log("Building the web app (web/build is missing or older than web/src)...");
  const started = Date.now();
  try {
    await build();
  } catch (error) {
    // Someone may have been building web/ by hand at the same moment: try once more.
    log(`Web build failed, retrying once (${error.message.split("\n")[0]})`);
    await build();
  }
  if (!existsSync(BUILD_INDEX)) throw new Error("`vite build` finished but web/build/index.html is missing");
  rmSync(PLACEHOLDER_MARKER, { force: true });
  log(`Web app built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return "built";
}
