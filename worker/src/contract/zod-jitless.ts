import { z } from "zod";

// zod 4 compiles object parsers with `new Function` unless told not to, and probes for it
// (a caught `new Function("")`) when the first object schema is built. The web app's CSP has
// no 'unsafe-eval', so that probe is reported as a violation on every load; workerd forbids
// code generation outright. Imported first by each entry point (web/src/hooks.client.ts,
// worker/src/index.ts), before any schema exists: the probe is decided at schema creation.
z.config({ jitless: true });
