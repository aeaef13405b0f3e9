// Hosts a Worker through Miniflare's API directly (workerd serves the port itself, without the
// local proxy `wrangler dev` puts in front), next to the wrangler dev hosting in bench/lib/hosts.mjs.
// The Worker is bundled exactly as for a deploy (`wrangler deploy --dry-run --outdir`).
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { findFreePort } from "../../scripts/lib/free-port.mjs";
import { ROOT, WRANGLER_JS } from "../../scripts/lib/paths.mjs";
import { runCommandOrThrow } from "../../scripts/lib/run-command.mjs";
import { wranglerEnv } from "../../scripts/lib/wrangler-dev.mjs";

/** The miniflare that wrangler itself runs (the root node_modules may hold another major). */
async function loadMiniflare() {
  const fromWrangler = createRequire(path.join(ROOT, "node_modules", "wrangler", "package.json"));
  return import(pathToFileURL(fromWrangler.resolve("miniflare")).href);
}

/** Bundles the Worker of a wrangler config like a deploy would; returns the entry module's path. */
export async function bundleWorker(configFile, outDir) {
  await runCommandOrThrow(process.execPath, [WRANGLER_JS, "deploy", "--dry-run", "--outdir", outDir, "-c", configFile], {
    cwd: ROOT,
    env: wranglerEnv(),
    quiet: true,
  });
  // The entry keeps its source name (index.js, worker.js, ...); source maps sit beside it.
  const entry = readdirSync(outDir).find((file) => file.endsWith(".js"));
  if (!entry) throw new Error(`wrangler wrote no bundle for ${configFile}`);
  return path.join(outDir, entry);
}

/** Drizzle migration files, in order, split into statements. */
function migrationStatements(dir) {
  return readdirSync(dir)
    .filter((file) => file.endsWith(".sql"))
    .sort()
    .flatMap((file) => readFileSync(path.join(dir, file), "utf8").split("--> statement-breakpoint"))
    .map((statement) => statement.trim())
    .filter(Boolean);
}

/** Miniflare options for what a wrangler config declares (Miniflare's API does not read wrangler.toml). */
async function optionsFromConfig(configFile) {
  const { unstable_readConfig } = await import("wrangler");
  const config = unstable_readConfig({ config: configFile });
  const d1 = config.d1_databases[0];
  return {
    compatibilityDate: config.compatibility_date,
    compatibilityFlags: config.compatibility_flags,
    durableObjects: Object.fromEntries(config.durable_objects.bindings.map((b) => [b.name, b.class_name])),
    d1: d1 ? { binding: d1.binding, migrationsDir: path.resolve(path.dirname(configFile), d1.migrations_dir ?? "migrations") } : null,
    vars: config.vars,
    ratelimits: Object.fromEntries((config.ratelimits ?? []).map((r) => [r.name, { simple: r.simple }])),
  };
}

/**
 * Bundles and serves the Worker of `configFile` with the bindings it declares (SQLite Durable
 * Objects, one D1 database with its migrations applied, vars, rate limits) plus `secrets`.
 * `inspectorPort`: workerd's DevTools inspector (for a CPU profile, bench/profile-batches.mjs).
 * @param {{ configFile: string, secrets?: Record<string, string>, persistDir?: string, inspectorPort?: number }} options
 * @returns {Promise<{ url: string, mf, stop(): Promise<void> }>}
 */
export async function startMiniflareHost({ configFile, secrets = {}, persistDir, inspectorPort }) {
  const { compatibilityDate, compatibilityFlags, durableObjects, d1, vars, ratelimits } = await optionsFromConfig(configFile);
  const { Miniflare } = await loadMiniflare();
  const bundleDir = mkdtempSync(path.join(os.tmpdir(), "pitwall-bench-bundle-"));
  const ownPersist = !persistDir;
  persistDir ??= mkdtempSync(path.join(os.tmpdir(), "pitwall-bench-mf-"));
  mkdirSync(persistDir, { recursive: true });
  const cleanUp = () => {
    rmSync(bundleDir, { recursive: true, force: true });
    if (ownPersist) rmSync(persistDir, { recursive: true, force: true });
  };
  let mf;
  const recent = [];
  try {
    const entry = await bundleWorker(configFile, bundleDir);
    const port = await findFreePort();
    mf = new Miniflare({
      host: "127.0.0.1",
      port,
      modules: true,
      modulesRoot: bundleDir, // module names are paths relative to this
      scriptPath: entry,
      compatibilityDate,
      compatibilityFlags,
      durableObjects: Object.fromEntries(
        Object.entries(durableObjects).map(([binding, className]) => [binding, { className, useSQLite: true }]),
      ),
      durableObjectsPersist: path.join(persistDir, "do"),
      ...(d1 ? { d1Databases: { [d1.binding]: `bench-${d1.binding}` }, d1Persist: path.join(persistDir, "d1") } : {}),
      bindings: { ...vars, ...secrets },
      ratelimits,
      ...(inspectorPort ? { inspectorPort } : {}),
      // Drain the runtime's output (request logs, like wrangler dev prints); keep the tail for errors.
      handleRuntimeStdio(stdout, stderr) {
        for (const stream of [stdout, stderr]) stream.on("data", (chunk) => recent.push(String(chunk)) > 50 && recent.shift());
      },
    });
    const url = (await mf.ready).origin;
    if (d1) {
      const db = await mf.getD1Database(d1.binding);
      for (const statement of migrationStatements(d1.migrationsDir)) await db.prepare(statement).run();
    }
    return {
      url,
      mf,
      stop: async () => {
        await mf.dispose();
        cleanUp();
      },
    };
  } catch (error) {
    await mf?.dispose().catch(() => {});
    cleanUp();
    if (recent.length) error.message += `\n--- workerd output ---\n${recent.join("")}`;
    throw error;
  }
}

/** Pids of the processes under `rootPid` whose command name is `name` (Linux /proc). */
export function descendantPids(rootPid, name) {
  const children = new Map();
  const names = new Map();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const close = stat.lastIndexOf(")");
      const ppid = Number(stat.slice(close + 2).split(" ")[1]);
      names.set(Number(entry), stat.slice(stat.indexOf("(") + 1, close));
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  const found = [];
  const visit = (pid) => {
    for (const child of children.get(pid) ?? []) {
      if (names.get(child) === name) found.push(child);
      visit(child);
    }
  };
  visit(rootPid);
  return found;
}

/** Resident memory of a process in bytes (VmRSS), or NaN when it is gone. */
/** CPU seconds (user + system) a process has used so far; /proc counts in clock ticks of 1/100 s. */
export function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

export function residentBytes(pid) {
  try {
    const match = readFileSync(`/proc/${pid}/status`, "utf8").match(/^VmRSS:\s+(\d+) kB/m);
    return match ? Number(match[1]) * 1024 : NaN;
  } catch {
    return NaN;
  }
}
