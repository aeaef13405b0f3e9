declare namespace Cloudflare {
  interface Env {
    TEST_MIGRATIONS: import("cloudflare:test").D1Migration[];
  }
}

/** Vite's `?raw` imports (a file's text), used to check wrangler.toml against the code. */
declare module "*?raw" {
  const text: string;
  export default text;
}
