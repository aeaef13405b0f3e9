// The JavaScript a browser downloads before the dashboard (/h/:id) can render, gzipped, from
// the static build in web/build (run `npm run build:web` first): every script the SPA fallback
// page preloads or imports, plus the /h/[id] route's node and everything it imports statically.
// Lazy `import()`s are left out; they are not needed for the first render.
//   node bench/lib/bundle-size.mjs     prints the files and the total against the target
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const BUNDLE_TARGET_KB = 120;
const ROUTE = "/h/[id]";

const kb = (bytes) => bytes / 1024;

/** Static imports of one ES module: `import … from "x"`, `import "x"`, `export … from "x"`. */
function staticImports(source) {
  const found = [];
  const pattern = /(?:\bfrom|\bimport)\s*(["'`])([^"'`]+\.js)\1/g;
  for (const match of source.matchAll(pattern)) found.push(match[2]);
  return found;
}

/** The node files (relative to the entry) of the route's leaf and layouts, read from SvelteKit's app entry. */
function routeNodes(appSource, route) {
  const nodeFiles = [...appSource.matchAll(/import\(\s*(["'`])(\.\.\/nodes\/(\d+)\.[^"'`]+\.js)\1\s*\)/g)].map((m) => ({
    index: Number(m[3]),
    file: m[2],
  }));
  const escaped = route.replace(/[[\]/]/g, (c) => `\\${c}`);
  const entry = appSource.match(new RegExp(`["']${escaped}["']\\s*:\\s*\\[([^\\]]*)\\]`));
  if (!entry) throw new Error(`route ${route} not found in the app entry`);
  // [leaf, ...layouts]; a layout index may be negated (its load is not server-side); the root layout (0) is implied.
  const indices = new Set([
    0,
    ...entry[1]
      .split(",")
      .filter(Boolean)
      .map((n) => Math.abs(Number(n))),
  ]);
  return nodeFiles.filter((n) => indices.has(n.index)).map((n) => n.file);
}

/** Measures the initial JavaScript of the dashboard route; throws when there is no build. */
export function measureBundle({ buildDir = path.join(ROOT, "web", "build"), route = ROUTE } = {}) {
  const indexFile = path.join(buildDir, "index.html");
  if (!existsSync(indexFile)) throw new Error(`no build at ${buildDir}: run npm run build:web`);
  const html = readFileSync(indexFile, "utf8");
  const fromHtml = [
    ...[...html.matchAll(/<link[^>]+href="([^"]+\.js)"[^>]*rel="modulepreload"|<link[^>]+rel="modulepreload"[^>]*href="([^"]+\.js)"/g)].map(
      (m) => m[1] ?? m[2],
    ),
    ...[...html.matchAll(/import\(\s*["'`]([^"'`]+\.js)["'`]\s*\)/g)].map((m) => m[1]),
    ...[...html.matchAll(/<script[^>]+src="([^"]+\.js)"/g)].map((m) => m[1]),
  ].map((href) => path.join(buildDir, href.replace(/^\//, "")));

  const appEntry = fromHtml.find((file) => /\/entry\/app\.[^/]+\.js$/.test(file));
  if (!appEntry) throw new Error("the SPA page loads no SvelteKit app entry");
  const nodes = routeNodes(readFileSync(appEntry, "utf8"), route).map((rel) => path.resolve(path.dirname(appEntry), rel));

  const seen = new Map();
  const visit = (file) => {
    if (seen.has(file)) return;
    const source = readFileSync(file);
    seen.set(file, { file: path.relative(buildDir, file), bytes: source.length, gzip: gzipSync(source).length });
    for (const rel of staticImports(source.toString("utf8"))) {
      const target = rel.startsWith("/") ? path.join(buildDir, rel) : path.resolve(path.dirname(file), rel);
      if (target.startsWith(path.join(buildDir, "_app", "immutable")) && existsSync(target)) visit(target);
    }
  };
  for (const file of [...fromHtml, ...nodes]) visit(file);

  const files = [...seen.values()].sort((a, b) => b.gzip - a.gzip);
  const gzip = files.reduce((sum, f) => sum + f.gzip, 0);
  const bytes = files.reduce((sum, f) => sum + f.bytes, 0);
  return { route, files, bytes, gzip, gzip_kb: kb(gzip), target_kb: BUNDLE_TARGET_KB, within_target: kb(gzip) <= BUNDLE_TARGET_KB };
}

/** One row of the bench table: [measure, throughput, p50, p99, notes]. */
export function bundleSizeRow(result = measureBundle()) {
  return [
    `web: initial JS of ${result.route} (gzip)`,
    "",
    "",
    "",
    `${kb(result.gzip).toFixed(1)} KB of ${result.target_kb} KB target (${result.within_target ? "within" : "OVER"}), ${result.files.length} files, ${kb(result.bytes).toFixed(0)} KB raw`,
  ];
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const result = measureBundle();
  for (const f of result.files)
    console.log(`${(`${kb(f.gzip).toFixed(1)} KB`).padStart(9)}  ${(`${kb(f.bytes).toFixed(1)} KB`).padStart(9)} raw  ${f.file}`);
  console.log(
    `\n${result.route}: ${kb(result.gzip).toFixed(1)} KB gzipped (${kb(result.bytes).toFixed(1)} KB raw) in ${result.files.length} files; target ${result.target_kb} KB: ${result.within_target ? "within" : "OVER"}`,
  );
  process.exitCode = result.within_target ? 0 : 1;
}
