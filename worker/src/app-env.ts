import type { Role } from "./durable/credentials";
import type { RoomStub } from "./durable/room-stub";

/** Hono's typing of bindings and per-request variables, shared by every route. */
export type AppEnv = {
  Bindings: Env;
  Variables: {
    role: Role;
    /** Who the caller is, for section 12's `by`: "admin token", "operator token", ... (later also an email). */
    by: string;
    room: RoomStub;
    hackathonId: string;
    requestId: string;
  };
};
