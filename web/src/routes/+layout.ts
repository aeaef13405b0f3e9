// A client-only SPA: tokens live in the browser, so nothing can be rendered ahead of time.
export const ssr = false;
export const prerender = false;
