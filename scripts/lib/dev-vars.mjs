// `.dev.vars` holds the Worker's local secrets (wrangler dev reads it).
// This module makes sure it carries an ADMIN_TOKEN and keeps it stable across runs.
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { DEV_VARS_FILE } from "./paths.mjs";

function readLines(file) {
  return existsSync(file) ? readFileSync(file, "utf8").split(/\r?\n/) : [];
}

function parseValue(raw) {
  const value = raw.trim();
  const quoted = value.match(/^"(.*)"$/) ?? value.match(/^'(.*)'$/);
  return quoted ? quoted[1] : value;
}

export function readDevVar(name, file = DEV_VARS_FILE) {
  for (const line of readLines(file)) {
    const match = line.match(/^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=(.*)$/);
    if (match && match[1] === name) return parseValue(match[2]);
  }
  return undefined;
}

export function writeDevVar(name, value, file = DEV_VARS_FILE) {
  const lines = readLines(file).filter((line, i, all) => !(i === all.length - 1 && line === ""));
  const index = lines.findIndex((line) => line.match(/^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=/)?.[1] === name);
  const entry = `${name}=${value}`;
  if (index >= 0) lines[index] = entry;
  else lines.push(entry);
  writeFileSync(file, `${lines.join("\n")}\n`, { mode: 0o600 });
}

export function generateToken() {
  return `pw_admin_${randomBytes(24).toString("base64url")}`;
}

/**
 * Chooses the admin token (explicit option, else env ADMIN_TOKEN, else the one already in
 * .dev.vars, else a newly generated one) and makes sure .dev.vars holds it.
 * @param {{ adminToken?: string, env?: NodeJS.ProcessEnv, file?: string }} [options]
 * @returns {{ token: string, source: "option" | "env" | ".dev.vars" | "generated" }}
 */
export function ensureAdminToken({ adminToken, env = process.env, file = DEV_VARS_FILE } = {}) {
  const stored = readDevVar("ADMIN_TOKEN", file);
  let token;
  /** @type {"option" | "env" | ".dev.vars" | "generated"} */
  let source;
  if (adminToken) [token, source] = [adminToken, "option"];
  else if (env.ADMIN_TOKEN) [token, source] = [env.ADMIN_TOKEN, "env"];
  else if (stored && stored !== "change-me") [token, source] = [stored, ".dev.vars"];
  else [token, source] = [generateToken(), "generated"];
  if (/[\r\n]/.test(token)) throw new Error("ADMIN_TOKEN must be a single line");
  if (stored !== token) writeDevVar("ADMIN_TOKEN", token, file);
  return { token, source };
}
