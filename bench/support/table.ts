/** The one table every benchmark part reports into: a row shape, a fixed-width printer and a markdown printer. */

/** One measured variant. Empty cells are left undefined; `ratio` is against the part's baseline row. */
export interface BenchRow {
  bench: string;
  variant: string;
  wallSeconds?: number;
  p50Ms?: number;
  p99Ms?: number;
  peakMb?: number;
  /** Ratio(s) to the baseline, already worded, e.g. "wall 1.02, mem 0.61"; "baseline" for the baseline row. */
  ratio?: string;
  /** Whatever else a reader needs to judge the row (events/s, output duration, …). */
  note?: string;
}

const HEAD = ['benchmark', 'variant', 'wall s', 'p50 ms', 'p99 ms', 'peak MB', 'x baseline', 'notes'] as const;

function cells(r: BenchRow): string[] {
  const num = (v: number | undefined, digits: number) => (v === undefined || !Number.isFinite(v) ? '' : v.toFixed(digits));
  return [r.bench, r.variant, num(r.wallSeconds, 1), num(r.p50Ms, 2), num(r.p99Ms, 2), num(r.peakMb, 0), r.ratio ?? '', r.note ?? ''];
}

/** Formats rows as a fixed-width text table for the terminal. */
export function formatTable(rows: BenchRow[]): string {
  const body = rows.map(cells);
  const widths = HEAD.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  // Numbers right-aligned, words left-aligned.
  const right = new Set([2, 3, 4, 5]);
  const line = (c: string[]) => c.map((s, i) => (right.has(i) ? s.padStart(widths[i]!) : s.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line([...HEAD]), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

/** Formats rows as a GitHub markdown table. */
export function markdownTable(rows: BenchRow[]): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const line = (c: string[]) => `| ${c.map(esc).join(' | ')} |`;
  const align = HEAD.map((_, i) => (i >= 2 && i <= 5 ? '---:' : '---'));
  return [line([...HEAD]), `|${align.join('|')}|`, ...rows.map((r) => line(cells(r)))].join('\n');
}

/** "1.23" for a ratio, "" when either side is missing or zero. */
export function ratioOf(value: number | undefined, base: number | undefined): string {
  if (value === undefined || base === undefined || !Number.isFinite(value) || !Number.isFinite(base) || base === 0) return '';
  return (value / base).toFixed(2);
}

/** The value at quantile q (0–1) of the samples, nearest-rank. */
export function quantile(samples: number[], q: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank]!;
}
