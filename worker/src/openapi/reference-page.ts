import type { Operation } from "./operations";

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch]!);

const ACCESS_TEXT: Record<Operation["access"], string> = {
  anyone: "anyone",
  caller: "anyone; answers about the caller's token",
  admin: "admin token",
  operator: "operator token (or admin)",
  viewer: "viewer or operator token (or admin)",
  ingest: "ingest token only",
  ticket: "live ticket (?ticket=)",
  "standard-webhooks": "Standard Webhooks signature",
  github: "GitHub signature",
  pubsub: "Google OIDC token or ?token=",
};

/** The parts of an OpenAPI document the page reads; `document.ts` builds them. */
type MediaTypes = Record<string, { schema?: unknown }>;
type OperationObject = {
  operationId: string;
  summary: string;
  tags: string[];
  "x-access": Operation["access"];
  parameters: Array<{ name: string; in: string; required?: boolean }>;
  responses: Record<string, { description?: string; content?: MediaTypes }>;
  requestBody?: { content: MediaTypes };
};
export type OpenApiDocument = { openapi: string; info: { version: string }; paths: Record<string, Record<string, OperationObject>> };

function operationHtml(path: string, method: string, op: OperationObject): string {
  const params = op.parameters
    .map((p) => `<li><code>${escapeHtml(p.name)}</code> in ${p.in}${p.required ? ", required" : ""}</li>`)
    .join("");
  const responses = Object.entries(op.responses)
    .map(([status, r]) => `<li><code>${status}</code> ${escapeHtml(r.description ?? "")}</li>`)
    .join("");
  const otherTypes = Object.keys(op.requestBody?.content ?? {}).filter((type) => type !== "application/json");
  const also = otherTypes.length > 0 ? ` (JSON; also ${otherTypes.map((type) => `<code>${escapeHtml(type)}</code>`).join(", ")})` : "";
  const body = op.requestBody
    ? `<details><summary>Request body schema${also}</summary><pre>${escapeHtml(JSON.stringify(op.requestBody.content["application/json"]?.schema, null, 2))}</pre></details>`
    : "";
  const okSchema = Object.values(op.responses)[0]?.content?.["application/json"]?.schema;
  const answer = okSchema
    ? `<details><summary>Response schema</summary><pre>${escapeHtml(JSON.stringify(okSchema, null, 2))}</pre></details>`
    : "";
  return `<section class="op" id="${escapeHtml(op.operationId)}">
<h3><span class="method ${method}">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code></h3>
<p>${escapeHtml(op.summary)} — <em>${escapeHtml(ACCESS_TEXT[op["x-access"]])}</em></p>
${params ? `<h4>Parameters</h4><ul>${params}</ul>` : ""}
<h4>Responses</h4><ul>${responses}</ul>${body}${answer}
</section>`;
}

/** `/api/docs`: the OpenAPI document as a readable page, server-rendered (no script needed). */
export function renderReferencePage(document: OpenApiDocument): string {
  const byTag = new Map<string, string[]>();
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const tag = op.tags[0]!;
      byTag.set(tag, [...(byTag.get(tag) ?? []), operationHtml(path, method, op)]);
    }
  }
  const sections = [...byTag].map(([tag, ops]) => `<h2 id="tag-${escapeHtml(tag)}">${escapeHtml(tag)}</h2>${ops.join("\n")}`).join("\n");
  const toc = [...byTag.keys()].map((tag) => `<a href="#tag-${escapeHtml(tag)}">${escapeHtml(tag)}</a>`).join(" · ");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Pitwall API reference</title>
<style>
:root { color-scheme: light dark; --fg: #1b1f24; --bg: #fff; --muted: #59636e; --line: #d1d9e0; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --bg: #0d1117; --muted: #9198a1; --line: #3d444d; } }
body { font: 15px/1.5 system-ui, sans-serif; color: var(--fg); background: var(--bg); max-width: 60rem; margin: 0 auto; padding: 1rem; }
.op { border-top: 1px solid var(--line); padding: 0.5rem 0; } h3 { margin: 0.4rem 0; font-size: 1rem; }
.method { display: inline-block; min-width: 4.5rem; font-weight: 700; } pre { overflow: auto; font-size: 12px; }
p, li { color: var(--fg); } em { color: var(--muted); }
</style></head>
<body><main>
<h1>Pitwall API reference</h1>
<p>OpenAPI ${escapeHtml(String(document.openapi))} document: <a href="/api/openapi.json">/api/openapi.json</a>. Version ${escapeHtml(String(document.info.version))}.</p>
<nav aria-label="Sections">${toc}</nav>
${sections}
</main></body></html>`;
}
