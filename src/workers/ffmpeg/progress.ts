/**
 * Parses ffmpeg's `-progress pipe:1` output: blocks of `key=value` lines, each
 * closed by `progress=continue` or `progress=end`.
 */
import type { FfmpegProgress } from '../media-pool.js';

/** One closed block, with whether it was the last one. */
export interface ProgressBlock {
  progress: FfmpegProgress;
  end: boolean;
}

/** Turns one block's fields into a progress report; null when it carries no usable time. */
export function progressFromFields(fields: ReadonlyMap<string, string>, durationSeconds?: number): FfmpegProgress | null {
  const outTime = outTimeSeconds(fields);
  const end = fields.get('progress') === 'end';
  if (outTime === null && !end) return null;
  const seconds = Math.max(0, outTime ?? 0);
  const known = durationSeconds !== undefined && Number.isFinite(durationSeconds) && durationSeconds > 0;
  let fraction: number | null = null;
  if (known) fraction = end ? 1 : Math.min(1, seconds / durationSeconds);
  return { fraction, outTimeSeconds: seconds, speed: parseSpeed(fields.get('speed')) };
}

function outTimeSeconds(fields: ReadonlyMap<string, string>): number | null {
  const us = intField(fields.get('out_time_us'));
  if (us !== null) return us / 1e6;
  // Despite its name, ffmpeg writes microseconds in out_time_ms (a long-standing quirk kept for compatibility).
  const ms = intField(fields.get('out_time_ms'));
  if (ms !== null) return ms / 1e6;
  return clockField(fields.get('out_time'));
}

function intField(v: string | undefined): number | null {
  if (v === undefined) return null;
  const t = v.trim();
  return /^-?\d+$/.test(t) ? Number(t) : null;
}

/** `HH:MM:SS.micro`, possibly negative before the first frame; N/A → null. */
function clockField(v: string | undefined): number | null {
  const m = /^(-?)(\d+):(\d{1,2}):(\d{1,2}(?:\.\d+)?)$/.exec(v?.trim() ?? '');
  if (!m) return null;
  const s = Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4]);
  return m[1] ? -s : s;
}

/** `1.83x`, `   0x` or `N/A`. */
function parseSpeed(v: string | undefined): number | null {
  const m = /^\s*(\d+(?:\.\d+)?(?:e[+-]?\d+)?)x\s*$/i.exec(v ?? '');
  return m ? Number(m[1]) : null;
}

/** Incremental parser: feed stdout chunks as they arrive, get the blocks they close. */
export class ProgressParser {
  private partial = '';
  private fields = new Map<string, string>();

  constructor(private readonly durationSeconds?: number) {}

  /** Consumes a chunk (any split, even mid-line) and returns the blocks it completed. */
  push(chunk: string): ProgressBlock[] {
    const text = this.partial + chunk;
    const lines = text.split(/\r?\n/);
    this.partial = lines.pop() ?? '';
    const out: ProgressBlock[] = [];
    for (const line of lines) {
      const eq = line.indexOf('=');
      if (eq <= 0) continue;
      const key = line.slice(0, eq).trim();
      const value = line.slice(eq + 1).trim();
      this.fields.set(key, value);
      if (key !== 'progress') continue;
      const progress = progressFromFields(this.fields, this.durationSeconds);
      if (progress) out.push({ progress, end: value === 'end' });
      this.fields = new Map();
    }
    return out;
  }
}

/** Parses a whole captured `-progress` output at once. */
export function parseProgress(text: string, durationSeconds?: number): ProgressBlock[] {
  const parser = new ProgressParser(durationSeconds);
  return parser.push(text.endsWith('\n') ? text : `${text}\n`);
}
