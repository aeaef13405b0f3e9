import { z } from "zod";
import { HackathonIdSchema } from "./common";
import { ROLES } from "./roles";

export const MeQuerySchema = z.object({ hackathon: HackathonIdSchema.optional().describe("the hackathon to ask about") });

/** `GET /api/me`: who the caller is, and (with `?hackathon=`) what it may do there. */
export const MeSchema = z.object({
  by: z
    .string()
    .nullable()
    .describe('what changes by this caller record: an email, or "viewer token" / "operator token" / "admin token"; null for nobody'),
  email: z.string().nullable().describe("the person signed in through Cloudflare Access (lower-cased); null for a token"),
  role: z.enum(ROLES).nullable().describe("null when the credential opens nothing (there)"),
});
export type Me = z.infer<typeof MeSchema>;
