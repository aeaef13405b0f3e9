import { sveltekit } from "@sveltejs/kit/vite";
import { defineConfig } from "vite";

// `vite dev` forwards API calls and the live socket to a local `wrangler dev`.
const api = process.env.PITWALL_API ?? "http://127.0.0.1:8787";

export default defineConfig({
  plugins: [sveltekit()],
  server: {
    proxy: {
      "/api": { target: api, ws: true },
      "/webhooks": api,
      "/healthz": api,
    },
  },
});
