import { vi } from "vitest";

/**
 * The JSON lines logged while `run` runs: the Worker's and the Durable Object's, which share the
 * test's isolate. Lines that are not JSON are dropped; the console is itself again afterwards.
 */
export async function logsDuring(run: () => Promise<unknown>): Promise<Array<Record<string, unknown>>> {
  const lines: string[] = [];
  const spies = (["log", "warn", "error"] as const).map((method) =>
    vi.spyOn(console, method).mockImplementation((line: unknown) => void lines.push(String(line))),
  );
  try {
    await run();
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  return lines.flatMap((line) => {
    try {
      return [JSON.parse(line) as Record<string, unknown>];
    } catch {
      return [];
    }
  });
}
