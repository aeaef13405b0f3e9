// The layering check (`npm run lint:layers`, also a step of `npm test`): which code may import
// which. Worker layers, lowest first; a module imports its own layer and the ones below, never
// one above, so a lower layer can be read, tested and changed without the ones built on it.
// Tests (tests/) may import anything: they are cruised only for cycles.

/** @typedef {{ name: string, path: string, why: string }} Layer */

/** @type {Layer[]} */
const LAYERS = [
  {
    name: "contract",
    path: "^worker/src/contract/",
    why: "The public schemas (zod only): the web app imports them too, so they depend on nothing of the Worker's.",
  },
  {
    name: "lib",
    path: "^worker/src/(lib/|config\\.ts$|errors\\.ts$|errors-http\\.ts$)",
    why: "Plain helpers, configuration, error values and log lines, which every layer above uses.",
  },
  {
    name: "outbound",
    path: "^worker/src/(outbound|signatures)/",
    why: "The one way to call out (URL policy, capped fetch, provider-call errors) and to check a signature.",
  },
  {
    name: "integrations",
    path: "^worker/src/(integrations|otlp)/",
    why: "What each provider and OTLP sender sends and answers; knows nothing of polling schedules or the object.",
  },
  {
    name: "pollers",
    path: "^worker/src/(pollers|anomaly)/",
    why: "Poll adapters built on the provider clients, and the pure anomaly detector (see anomaly-is-pure).",
  },
  {
    name: "db",
    path: "^worker/src/db/",
    why: "D1: the registry and the history the object flushes to; queries only.",
  },
  {
    name: "durable",
    path: "^worker/src/durable/",
    why: "The hackathon's object and its parts (ingest, alerts, views, timers, storage), built on everything below.",
  },
  {
    name: "worker-parts",
    path: "^worker/src/(observability|status-page|openapi)/|^worker/src/app-env\\.ts$",
    why: "What the Worker shows besides the API (metrics, status page, OpenAPI) and its Hono typing.",
  },
  {
    name: "services",
    path: "^worker/src/services/",
    why: "Work a route does across rooms and D1 (lists, exports, deep health, metrics), without HTTP.",
  },
  {
    name: "middleware",
    path: "^worker/src/middleware/",
    why: "Request plumbing shared by routes: auth, rate limits, request log, room lookup.",
  },
  {
    name: "routes",
    path: "^worker/src/routes/",
    why: "The HTTP surface: routes compose middleware, services and room calls, and nothing imports them but the entry.",
  },
  {
    name: "entry",
    path: "^worker/src/index\\.ts$",
    why: "The Worker's entry: mounts the routes and exports the object class.",
  },
];

const anyOf = (paths) => paths.map((path) => `(${path})`).join("|");
const ALL_LAYERS = anyOf(LAYERS.map((layer) => layer.path));

/** One rule per layer: nothing in it imports a layer above it. */
const upwardRules = LAYERS.slice(0, -1).map((layer, i) => ({
  name: `layer-${layer.name}`,
  comment: `${layer.name} imports only itself and the layers below: ${layer.why}`,
  severity: "error",
  from: { path: layer.path },
  to: { path: anyOf(LAYERS.slice(i + 1).map((above) => above.path)) },
}));

export default {
  forbidden: [
    {
      name: "no-circular",
      comment:
        "No cycles, type-only imports included: a type cycle ties two modules as tightly as a runtime one (neither can be read or moved alone), and across folders it is an upward import anyway.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    ...upwardRules,
    {
      name: "contract-is-zod-only",
      comment:
        "The contract is shared with the web app's bundle: zod is its one package, so the browser gets nothing of the Worker's runtime.",
      severity: "error",
      from: { path: "^worker/src/contract/" },
      to: {
        dependencyTypes: ["npm", "npm-dev", "npm-optional", "npm-peer", "npm-no-pkg", "npm-unknown", "core"],
        pathNot: "^node_modules/zod/",
      },
    },
    {
      name: "anomaly-is-pure",
      comment:
        "The anomaly detector is pure (numbers in, scores out): it imports nothing of ours but the contract, so it runs in bench/ and tests as is.",
      severity: "error",
      from: { path: "^worker/src/anomaly/" },
      to: { path: "^worker/src/", pathNot: "^worker/src/(anomaly|contract)/" },
    },
    {
      name: "every-module-has-a-layer",
      comment:
        "A new folder or top-level file of worker/src gets its place in LAYERS above before anything imports it or it imports anything.",
      severity: "error",
      from: { path: "^worker/src/", pathNot: ALL_LAYERS },
      to: { path: "^worker/src/" },
    },
    {
      name: "layered-modules-import-layered-modules",
      comment: "See every-module-has-a-layer.",
      severity: "error",
      from: { path: ALL_LAYERS },
      to: { path: "^worker/src/", pathNot: ALL_LAYERS },
    },
    {
      name: "web-imports-only-the-contract",
      comment: "The web app shares the contract's schemas with the Worker ($contract) and talks to the rest only over HTTP.",
      severity: "error",
      from: { path: "^web/src/" },
      to: { path: "^worker/", pathNot: "^worker/src/contract/" },
    },
    {
      name: "worker-does-not-import-web",
      comment: "The Worker serves the built web app as static assets; its code never depends on the app's.",
      severity: "error",
      from: { path: "^worker/" },
      to: { path: "^web/" },
    },
    {
      name: "product-does-not-import-tools",
      comment: "Tests, scripts and benchmarks may import the product; the product never imports them.",
      severity: "error",
      from: { path: "^(worker|web)/src/" },
      to: { path: "^(tests|scripts|bench)/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^web/(\\.svelte-kit|build)/" },
    // Type-only imports count: a layer's types are as much a dependency as its values.
    tsPreCompilationDeps: true,
    // The root tsconfig plus the web app's $contract and $lib aliases.
    tsConfig: { fileName: "tsconfig.layers.json" },
  },
};
