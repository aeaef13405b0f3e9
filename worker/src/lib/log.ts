/**
 * One JSON log line. Both the Worker (requests) and the object (its own work) write them, so
 * a line from either can be joined on `request_id` (or `timer`, see durable/log-cause).
 */
export function logLine(level: "info" | "warn" | "error", msg: string, fields: Record<string, unknown>): void {
  const line = JSON.stringify({ level, msg, ...fields });
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.log(line);
}
