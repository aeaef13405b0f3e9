import type { InboundEvent, SourceName } from "../../contract";

/** Which source each event type belongs to (metrics are the performance source). */
export const SOURCE_OF_EVENT = { cost: "cost", token: "tokens", task: "tasks", metric: "performance" } as const satisfies Record<
  InboundEvent["type"],
  SourceName
>;

export const EVENT_TYPE_OF_SOURCE = { cost: "cost", tokens: "token", tasks: "task", performance: "metric" } as const satisfies Record<
  SourceName,
  InboundEvent["type"]
>;
