import adapter from "@sveltejs/adapter-static";
import { vitePreprocess } from "@sveltejs/vite-plugin-svelte";

/** @type {import('@sveltejs/kit').Config} */
export default {
  preprocess: vitePreprocess(),
  kit: {
    // The Worker serves index.html for every path it does not own (SPA fallback).
    adapter: adapter({ fallback: "index.html" }),
    alias: { $contract: "../worker/src/contract" },
    // Emitted as a <meta> CSP with the hash of SvelteKit's inline bootstrap script, so no
    // script runs unless we shipped it. Header-only directives (frame-ancestors) are in static/_headers.
    csp: {
      mode: "hash",
      directives: {
        "default-src": ["self"],
        "script-src": ["self"],
        // Svelte and uPlot set style attributes; styles cannot run code.
        "style-src": ["self", "unsafe-inline"],
        "img-src": ["self", "data:"],
        "font-src": ["self"],
        // 'self' also covers the live channel's same-origin ws:/wss: socket.
        "connect-src": ["self"],
        "object-src": ["none"],
        "base-uri": ["none"],
        "form-action": ["self"],
      },
    },
  },
};
