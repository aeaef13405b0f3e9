import type { Role } from "./contract";
import type { RoomStub } from "./durable/room-stub";

/** Hono's typing of bindings and per-request variables, shared by every route. */
export type AppEnv = {
  Bindings: Env;
  Variables: {
    role: Role;
    /** Who the caller is, for section 12's `by`: a signed-in person's email, or "admin token", "operator token", ... */
    by: string;
    /** The signed-in person's email (Cloudflare Access), null for a token. */
    email: string | null;
    /** When the signed-in person's Access token expires (epoch ms), null for a token: what they open ends then. */
    personExpiresAt: number | null;
    room: RoomStub;
    hackathonId: string;
    requestId: string;
  };
};
