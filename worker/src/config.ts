import { z } from "zod";

/** Unset and empty mean the same: `wrangler dev --var X:` and an empty secret both give "". */
const optionalText = z
  .string()
  .optional()
  .transform((value) => value?.trim() || undefined);

/** `team.cloudflareaccess.com`, written with or without `https://` and a trailing slash. */
const teamDomain = optionalText.transform((value) =>
  value
    ?.replace(/^https:\/\//i, "")
    .replace(/\/+$/, "")
    .toLowerCase(),
);

/**
 * Cloudflare Access sign-in (docs/contract.md section 2), on only when both the team domain and
 * the application's audience tag are set; one without the other is a mistake, refused at start.
 */
export type AccessSettings = {
  issuer: string;
  audience: string;
  jwksUrl: string;
  /** Lower-cased: emails compare case-insensitively. */
  adminEmails: ReadonlySet<string>;
};

const ConfigSchema = z.object({
  ADMIN_TOKEN: z.string().min(16, "ADMIN_TOKEN must be at least 16 characters"),
  HISTORY_FLUSH_MS: z.coerce.number().int().min(100).default(5000),
  /**
   * "1" lets outbound calls (polls, notifications, signing keys) reach loopback hosts over
   * plain http: set by `npm start` and the tests for their local fake providers, never in
   * production (wrangler.toml leaves it out).
   */
  ALLOW_LOOPBACK_OUTBOUND: z
    .string()
    .optional()
    .transform((value) => value === "1"),
  ACCESS_TEAM_DOMAIN: teamDomain,
  ACCESS_AUD: optionalText,
  /** Where the signing keys are fetched; by default the team's own `/cdn-cgi/access/certs`. For local runs and tests. */
  ACCESS_JWKS_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
  ACCESS_ADMIN_EMAILS: optionalText,
});

const AccessConfigSchema = ConfigSchema.transform((config, ctx) => {
  const { ACCESS_TEAM_DOMAIN: domain, ACCESS_AUD: audience, ACCESS_JWKS_URL: jwksUrl, ACCESS_ADMIN_EMAILS: admins, ...rest } = config;
  if (!domain !== !audience) {
    ctx.addIssue({
      code: "custom",
      path: [domain ? "ACCESS_AUD" : "ACCESS_TEAM_DOMAIN"],
      message: "ACCESS_TEAM_DOMAIN and ACCESS_AUD are set together or not at all",
    });
    return z.NEVER;
  }
  const access: AccessSettings | null =
    domain && audience
      ? {
          issuer: `https://${domain}`,
          audience,
          jwksUrl: jwksUrl ?? `https://${domain}/cdn-cgi/access/certs`,
          adminEmails: new Set(
            (admins ?? "")
              .split(",")
              .map((email) => email.trim().toLowerCase())
              .filter(Boolean),
          ),
        }
      : null;
  return { ...rest, access };
});
export type Config = z.infer<typeof AccessConfigSchema>;

/** The outbound policy of this deployment (worker/src/outbound). */
export const outboundPolicy = (env: Env) => ({ allowLoopback: getConfig(env).ALLOW_LOOPBACK_OUTBOUND });

const cache = new WeakMap<object, Config>();

/** Vars and secrets, validated the first time an env object is seen. */
export function getConfig(env: Env): Config {
  let config = cache.get(env);
  if (!config) {
    const parsed = AccessConfigSchema.safeParse(env);
    if (!parsed.success) {
      throw new Error(`Invalid Worker configuration: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
    }
    config = parsed.data;
    cache.set(env, config);
  }
  return config;
}
