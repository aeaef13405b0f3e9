// Vars a deployment may leave unset, which `wrangler types` cannot list (it types only what
// wrangler.toml and .dev.vars.example set). worker/src/config.ts parses them; nothing reads them raw.
declare namespace Cloudflare {
  interface Env {
    /** "1": outbound calls may reach loopback hosts (npm start and the tests' local fakes). */
    ALLOW_LOOPBACK_OUTBOUND?: string;
    /** Cloudflare Access sign-in (docs/operations.md): the team domain, `<team>.cloudflareaccess.com`. */
    ACCESS_TEAM_DOMAIN?: string;
    /** The Access application's Application Audience (AUD) tag. */
    ACCESS_AUD?: string;
    /** Where the signing keys are fetched instead of `https://<team domain>/cdn-cgi/access/certs` (local runs, tests). */
    ACCESS_JWKS_URL?: string;
    /** Comma-separated emails that are admins of every hackathon. */
    ACCESS_ADMIN_EMAILS?: string;
  }
}
