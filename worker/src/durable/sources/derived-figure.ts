import type { SourceName } from "../../contract";
import { currentSpend } from "../figures/cost";
import { totalTokens } from "../figures/tokens";

/** The event-derived figure a provider's truth is compared with; null where nothing is reconciled. */
export function derivedFigure(sql: SqlStorage, source: SourceName): number | null {
  switch (source) {
    case "cost":
      return currentSpend(sql);
    case "tokens":
      return totalTokens(sql).tokens;
    case "tasks":
      return sql.exec<{ w: number | null }>("SELECT SUM(weight) AS w FROM tasks WHERE status = 'done'").one().w ?? 0;
    case "performance":
      return null;
  }
}
