import type { TokenMetrics } from "$contract";

/** One model's line in the tokens-by-model table; a null cost is a model the price table does not know. */
export interface TokenModelRow {
  model: string;
  rate: number;
  lastHour: number;
  cost: number | null;
  /** Its part of the priced cost of the last hour (0..1); null when its own cost is unknown. */
  share: number | null;
  /** Cost per 1,000 tokens over the last hour; null when unpriced or without tokens. */
  per1k: number | null;
}

export const TOKEN_COLUMNS = ["model", "cost", "share", "per1k", "lastHour", "rate"] as const;
export type TokenColumn = (typeof TOKEN_COLUMNS)[number];

/** The table's rows: each model's figures with its share of the cost and its cost per 1K tokens. */
export function tokenModelRows(models: TokenMetrics["by_model"]): TokenModelRow[] {
  const pricedTotal = models.reduce((sum, model) => sum + (model.cost_last_hour ?? 0), 0);
  return models.map(({ model, current_rate, last_hour, cost_last_hour: cost }) => ({
    model,
    rate: current_rate,
    lastHour: last_hour,
    cost,
    share: cost === null ? null : pricedTotal > 0 ? cost / pricedTotal : 0,
    per1k: cost === null || last_hour <= 0 ? null : (cost * 1000) / last_hour,
  }));
}

export const tokenCellValue = (row: TokenModelRow, column: TokenColumn): number | string | null => row[column];

/**
 * A model name cut after its separators ("claude-3-5-", "sonnet"), so a narrow column wraps it
 * between words of the name instead of between any two letters.
 */
export function nameSegments(name: string): string[] {
  return name.split(/(?<=[-/_.:@])/);
}
