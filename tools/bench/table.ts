// Medians and the Markdown tables the benchmarks print.

export function median(values: readonly number[]): number | undefined {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return undefined;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** The median of a[i] / b[i] over paired measurements (the same round): drift between rounds (a
 * neighbour on the host, the clock) moves both sides of a pair, and cancels in its ratio. */
export function pairedRatio(a: readonly number[], b: readonly number[]): number | undefined {
  return median(a.slice(0, b.length).map((x, i) => x / (b[i] as number)));
}

export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export const formatRate = (v: number | undefined) =>
  v === undefined ? 'n/a' : v >= 10_000 ? `${(v / 1000).toFixed(1)}k` : v.toFixed(0);

export const formatMs = (v: number | undefined) =>
  v === undefined
    ? 'n/a'
    : v >= 1000
      ? `${(v / 1000).toFixed(2)} s`
      : v >= 10
        ? `${v.toFixed(0)} ms`
        : `${v.toFixed(2)} ms`;

export const formatMb = (bytes: number | undefined) =>
  bytes === undefined ? 'n/a' : `${(bytes / 1048576).toFixed(0)} MB`;

export const formatRatio = (ratio: number | undefined) => (ratio === undefined ? 'n/a' : `${ratio.toFixed(2)}x`);
