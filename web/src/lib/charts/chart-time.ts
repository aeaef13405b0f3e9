/** The only ISO → chart time conversion: uPlot's x axis is in Unix seconds. */
export function toChartTime(iso: string): number {
  return Date.parse(iso) / 1000;
}
