import adapter from "@sveltejs/adapter-static";
import { vitePreprocess } from "@sveltejs/vite-plugin-svelte";

/** @type {import('@sveltejs/kit').Config} */
export default {
  preprocess: vitePreprocess(),
  kit: {
    // The Worker serves index.html for every path it does not own (SPA fallback).
    adapter: adapter({ fallback: "index.html" }),
    alias: { $contract: "../worker/src/contract" },
  },
};
