// Medians and the Markdown tables the benchmarks print.

export function median(values: readonly number[]): number | undefined {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return undefined;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
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

export const formatRatio = (a: number | undefined, b: number | undefined) =>
  a === undefined || b === undefined || b === 0 ? 'n/a' : `${(a / b).toFixed(2)}x`;
