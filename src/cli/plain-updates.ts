/** Which progress lines to append when the output is not a terminal (a log file, a CI job). Pure. */
import type { ProgressLine } from './progress-lines.js';

/** The last line printed for each key. */
export type PrintedLines = ReadonlyMap<string, { state: string; text: string; at: number }>;

/**
 * Lines to append now: a line whose state changed (a stage started, finished,
 * failed) always; a line whose text changed at most once per `intervalMs`;
 * a line never printed is skipped while still PENDING (nine "waiting" lines
 * say nothing). `flush` prints every changed text, for the final picture.
 */
export function plainUpdates(
  printed: PrintedLines,
  lines: readonly ProgressLine[],
  now: number,
  options: { intervalMs?: number; flush?: boolean } = {},
): { print: string[]; printed: Map<string, { state: string; text: string; at: number }> } {
  const interval = options.intervalMs ?? 1000;
  const next = new Map(printed);
  const print: string[] = [];
  for (const line of lines) {
    const last = printed.get(line.key);
    let due: boolean;
    if (!last) due = line.state !== 'PENDING';
    else if (last.state !== line.state) due = true;
    else due = last.text !== line.text && (options.flush === true || now - last.at >= interval);
    if (!due) continue;
    print.push(line.text);
    next.set(line.key, { state: line.state, text: line.text, at: now });
  }
  return { print, printed: next };
}
