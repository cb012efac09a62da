/**
 * Draws progress lines on a stream: redrawn in place on a terminal, appended
 * (throttled by plainUpdates) anywhere else.
 */
import { plainUpdates, type PrintedLines } from './plain-updates.js';
import type { ProgressLine } from './progress-lines.js';

/** The part of a stream the printer uses (process.stdout / process.stderr fit). */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/**
 * The escape text that replaces the `previous` lines drawn last time with
 * `lines`: cursor up, then each line cleared and rewritten from column 0 (`\r`),
 * then the rest of the screen cleared (when there are fewer lines now). Lines
 * are cut to the terminal width, since a wrapped line would break the count.
 */
export function redrawText(previous: number, lines: readonly string[], columns: number): string {
  // A pseudo-terminal without a size reports 0 columns: assume the classic 80.
  const width = (columns > 0 ? columns : 80) - 1;
  let out = previous > 0 ? `\x1b[${previous}A` : '';
  for (const line of lines) out += `\r\x1b[2K${line.length > width ? line.slice(0, width) : line}\n`;
  return out + '\x1b[J';
}

/** Draws successive pictures of the progress; `done()` draws the last one. */
export class ProgressPrinter {
  private drawn: string[] = [];
  private printed: PrintedLines = new Map();
  private pending: ProgressLine[] | null = null;
  private timer: NodeJS.Timeout | null = null;
  private lastDraw = 0;

  constructor(
    private readonly stream: ProgressStream,
    private readonly now: () => number = Date.now,
    /** Least time between two terminal redraws; more would only flicker. */
    private readonly redrawMs = 100,
  ) {}

  /** Whether the stream is a terminal (lines redrawn in place). */
  get tty(): boolean {
    return this.stream.isTTY === true;
  }

  /** Shows a new picture (at once, or shortly, coalescing bursts of updates). */
  update(lines: ProgressLine[]): void {
    if (!this.tty) {
      this.append(lines, false);
      return;
    }
    this.pending = lines;
    const wait = this.redrawMs - (this.now() - this.lastDraw);
    if (wait <= 0) this.flushTty();
    else this.timer ??= setTimeout(() => this.flushTty(), wait);
  }

  /** Draws the final picture and stops any scheduled redraw. */
  done(lines: ProgressLine[]): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.tty) {
      this.pending = lines;
      this.flushTty();
    } else {
      this.append(lines, true);
    }
  }

  /** Writes a message above the progress (the progress is drawn again below it on a terminal). */
  note(text: string): void {
    if (!this.tty || this.drawn.length === 0) {
      this.stream.write(`${text}\n`);
      return;
    }
    const columns = this.stream.columns ?? 80;
    this.stream.write(`\x1b[${this.drawn.length}A\r\x1b[J${text}\n${redrawText(0, this.drawn, columns)}`);
  }

  private flushTty(): void {
    this.timer = null;
    if (!this.pending) return;
    const texts = this.pending.map((l) => l.text);
    this.pending = null;
    this.stream.write(redrawText(this.drawn.length, texts, this.stream.columns ?? 80));
    this.drawn = texts;
    this.lastDraw = this.now();
  }

  private append(lines: ProgressLine[], flush: boolean): void {
    const { print, printed } = plainUpdates(this.printed, lines, this.now(), { flush });
    this.printed = printed;
    for (const line of print) this.stream.write(`${line}\n`);
  }
}
