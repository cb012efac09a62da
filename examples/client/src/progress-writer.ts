/** Writes progress bars to a stream: one redrawn line on a terminal, a line per real change in a log. */
import { progressBar, type ProgressEvent } from './progress-bar.js';

/** The parts of a stream the writer uses (process.stderr fits). */
export interface TextStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** Draws events and interleaves log lines without tearing the bar. */
export interface ProgressWriter {
  draw(event: ProgressEvent): void;
  log(line: string): void;
  end(): void;
}

/** In a log (not a TTY), a line is written on a status or stage change, or every `step` points of progress. */
export function createProgressWriter(stream: TextStream, step = 5): ProgressWriter {
  let open = false;
  let lastLine = '';
  let last: ProgressEvent | null = null;
  const endLine = () => {
    if (open) stream.write('\n');
    open = false;
  };
  return {
    draw(event) {
      const line = progressBar(event);
      if (stream.isTTY) {
        if (line === lastLine) return;
        stream.write(`\r${line.slice(0, (stream.columns || 120) - 1)}\x1b[K`);
        open = true;
      } else {
        // Events come at least once a second while ffmpeg works: a CI log wants far fewer.
        const changed = !last || event.status !== last.status || event.stage !== last.stage || event.progress - last.progress >= step;
        if (!changed) return;
        stream.write(`${line}\n`);
        last = event;
      }
      lastLine = line;
    },
    log(line) {
      endLine();
      stream.write(`${line}\n`);
    },
    end: endLine,
  };
}
