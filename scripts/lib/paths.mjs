// Well-known locations inside the repository, resolved from this file so that
// scripts work whatever the current directory is.
import { fileURLToPath } from "node:url";
import path from "node:path";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const WEB_DIR = path.join(ROOT, "web");
export const DEV_VARS_FILE = path.join(ROOT, ".dev.vars");
export const DEFAULT_PERSIST_DIR = path.join(ROOT, ".wrangler", "state");
/** Written by `npm start` with the demo on: where the demo's outage switch listens. */
export const DEMO_CONTROL_FILE = path.join(ROOT, ".wrangler", "demo-control.json");

/** The CLI entry point of a package installed at the root, run with this Node. */
export function packageBin(pkg, relativeBin) {
  return path.join(ROOT, "node_modules", pkg, relativeBin);
}

export const WRANGLER_JS = packageBin("wrangler", "bin/wrangler.js");
