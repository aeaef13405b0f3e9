// `wrangler dev` as a child process in its own process group: its output is split into
// lines (the recent ones kept for error messages) and stop() ends it and its workerd.
import { spawn } from "node:child_process";
import { findFreePort } from "./free-port.mjs";
import { ROOT, WRANGLER_JS } from "./paths.mjs";
import { runCommandOrThrow } from "./run-command.mjs";

const OUTPUT_LINES_KEPT = 200;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export const wranglerEnv = () => ({
  ...process.env,
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  WRANGLER_SEND_METRICS: "false",
  FORCE_COLOR: "0",
});

/** Cloudflare Access settings (docs/operations.md), passed from the environment to the Worker when set. */
export const ACCESS_VARS = ["ACCESS_TEAM_DOMAIN", "ACCESS_AUD", "ACCESS_JWKS_URL", "ACCESS_ADMIN_EMAILS"];

/**
 * `--var NAME:value` for each ACCESS_* setting of `env`. None is a secret (a domain, an audience
 * tag, a URL, emails), so a var does; wrangler splits on the first colon only, so URLs pass whole.
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {string[]}
 */
export function accessVarArgs(env = process.env) {
  return ACCESS_VARS.filter((name) => env[name]?.trim()).flatMap((name) => ["--var", `${name}:${env[name]?.trim()}`]);
}

export async function applyLocalMigrations(persistDir) {
  // CI=true makes wrangler skip its "Ok to proceed?" question.
  await runCommandOrThrow(process.execPath, [WRANGLER_JS, "d1", "migrations", "apply", "pitwall", "--local", "--persist-to", persistDir], {
    cwd: ROOT,
    env: { ...wranglerEnv(), CI: "true" },
    quiet: true,
  });
}

function signalGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
    return true;
  } catch {
    return false; // the group is gone
  }
}

function forEachLine(stream, onLine) {
  let pending = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk) => {
    const lines = (pending + chunk).split(/\r?\n/);
    pending = lines.pop() ?? "";
    lines.forEach(onLine);
  });
  stream.on("end", () => pending && onLine(pending));
}

/**
 * @param {{ port: number, persistDir: string, onOutput?: (line: string) => void,
 *   configFile?: string }} options   configFile: another wrangler config (the bench's floor Worker)
 * @returns {Promise<{ child, hasExited(): boolean, recentOutput(): string, stop(): Promise<void> }>}
 */
export async function spawnWranglerDev({ port, persistDir, onOutput, configFile }) {
  const inspectorPort = await findFreePort(); // two servers at once must not share 9229
  const args = [
    WRANGLER_JS,
    "dev",
    "--ip",
    "127.0.0.1",
    "--port",
    String(port),
    "--inspector-port",
    String(inspectorPort),
    "--persist-to",
    persistDir,
    "--show-interactive-dev-session=false",
    // Local runs poll and notify local fakes (the demo's billing provider, e2e receivers):
    // outbound calls may reach loopback hosts here, never in production (docs/contract.md section 1).
    "--var",
    "ALLOW_LOOPBACK_OUTBOUND:1",
    // People sign in through Cloudflare Access when these are set (local runs point ACCESS_JWKS_URL at a local key set).
    ...accessVarArgs(),
    ...(configFile ? ["-c", configFile] : []),
  ];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: wranglerEnv(),
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // its own process group, so stop() reaches workerd too
  });
  const recent = [];
  const onLine = (line) => {
    recent.push(line);
    if (recent.length > OUTPUT_LINES_KEPT) recent.shift();
    onOutput?.(line);
  };
  forEachLine(child.stdout, onLine);
  forEachLine(child.stderr, onLine);

  const hasExited = () => child.exitCode !== null || child.signalCode !== null;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  // Never leave a wrangler behind when the parent exits abruptly.
  const onParentExit = () => signalGroup(child, "SIGKILL");
  process.once("exit", onParentExit);
  exited.then(() => process.off("exit", onParentExit));

  let stopping;
  const stop = () =>
    (stopping ??= (async () => {
      if (!hasExited()) {
        signalGroup(child, "SIGTERM");
        const timer = setTimeout(() => signalGroup(child, "SIGKILL"), 5_000);
        await exited;
        clearTimeout(timer);
      }
      signalGroup(child, "SIGKILL"); // workerd processes that outlived wrangler
      for (let i = 0; i < 50 && signalGroup(child, 0); i++) await sleep(100);
    })());

  return { child, hasExited, recentOutput: () => recent.join("\n"), stop };
}
