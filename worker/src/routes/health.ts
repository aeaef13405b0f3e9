import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import packageJson from "../../../package.json";

export const healthRoutes = new Hono<AppEnv>().get("/healthz", (c) => c.json({ ok: true, version: packageJson.version }));
