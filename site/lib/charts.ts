/** One part of a proportional bar or one bar of a chart: what it counts and where it is drawn. */
export interface ChartPart<K extends string = string> {
  key: K;
  label: string;
  count: number;
  /** Its start and length along the axis, in the chart's units. */
  start: number;
  length: number;
}

/**
 * A one-line stacked bar: each non-zero count gets a length proportional to its share of `width`
 * (at least 1 unit, so a single tool is still visible), in the order given.
 */
export function stackedBar<K extends string>(counts: readonly { key: K; label: string; count: number }[], width: number): ChartPart<K>[] {
  const shown = counts.filter((part) => part.count > 0);
  const total = shown.reduce((sum, part) => sum + part.count, 0);
  if (total === 0) return [];
  let start = 0;
  return shown.map((part, index) => {
    const length = index === shown.length - 1 ? width - start : Math.max(1, Math.round((part.count / total) * width));
    const drawn = { ...part, start, length };
    start += length;
    return drawn;
  });
}

/** Horizontal bars, one per count, each as long as its share of the largest (zero counts drawn with no length). */
export function barChart<K extends string>(counts: readonly { key: K; label: string; count: number }[], width: number): ChartPart<K>[] {
  const largest = Math.max(0, ...counts.map((part) => part.count));
  return counts.map((part) => ({ ...part, start: 0, length: largest === 0 ? 0 : Math.round((part.count / largest) * width) }));
}
