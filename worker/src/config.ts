import { z } from "zod";

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
});
export type Config = z.infer<typeof ConfigSchema>;

/** The outbound policy of this deployment (worker/src/outbound). */
export const outboundPolicy = (env: Env) => ({ allowLoopback: getConfig(env).ALLOW_LOOPBACK_OUTBOUND });

const cache = new WeakMap<object, Config>();

/** Vars and secrets, validated the first time an env object is seen. */
export function getConfig(env: Env): Config {
  let config = cache.get(env);
  if (!config) {
    const parsed = ConfigSchema.safeParse(env);
    if (!parsed.success) {
      throw new Error(`Invalid Worker configuration: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
    }
    config = parsed.data;
    cache.set(env, config);
  }
  return config;
}
