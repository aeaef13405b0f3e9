import type { Me } from "$contract";
import { createApiClient } from "$lib/api/client";

/**
 * A client per credential whose /api/me answers from `answers`, keyed by token ("(sign-in)" for
 * none, the Access cookie alone); anyone else is nobody. Each question lands in `asked` as the key
 * and the query (`pwv_1?hackathon=spring-jam`).
 */
export function meClients(answers: Record<string, Me>, asked: string[] = []) {
  return (token: string | null) =>
    createApiClient({
      token,
      fetch: async (input) => {
        const key = token ?? "(sign-in)";
        asked.push(`${key}${new URL(String(input), "http://localhost").search}`);
        return new Response(JSON.stringify(answers[key] ?? { by: null, email: null, role: null }), { status: 200 });
      },
    });
}
