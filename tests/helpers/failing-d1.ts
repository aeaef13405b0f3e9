/** A D1 binding that is down: statements prepare, but every batch and query fails. */
export function failingD1(): D1Database {
  const fail = async () => {
    throw new Error("D1_ERROR: database unavailable");
  };
  const statement: Record<string, unknown> = {};
  Object.assign(statement, { bind: () => statement, run: fail, all: fail, raw: fail, first: fail });
  return { prepare: () => statement, batch: fail, exec: fail, dump: fail, withSession: () => failingD1() } as unknown as D1Database;
}
