/** argv → what the user asked for, or a UsageError saying what is wrong. Pure: no filesystem. */
import { parseArgs } from 'node:util';
import { COMPRESSION_PROFILES, type CompressionProfile } from '../domain/statuses.js';
import { LANGUAGES, type Language } from '../i18n/language.js';
import { formatOfFile } from '../timeline/export-plan.js';
import { OUTPUT_ASPECTS, OUTPUT_FITS, type OutputAspect, type OutputFit } from '../render/aspect.js';

/** Bad command-line usage; the CLI prints it with the usage text and exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** `autoclip process FILE... [options]` as parsed. */
export interface ProcessOptions {
  command: 'process';
  files: string[];
  out: string;
  profile: CompressionProfile | null;
  prompt: string | null;
  planOnly: boolean;
  planFile: string | null;
  dataDir: string | null;
  /** Target length in seconds (5–600), null for the default. */
  duration: number | null;
  /** Language of the text written for people, null: from the prompt, else ZH. */
  language: Language | null;
  aspect: OutputAspect | null;
  fit: OutputFit | null;
  /** Also write the plan as an editing timeline here (.otio, .fcpxml or .edl). */
  timeline: string | null;
}

/** One of `allowed`, case-insensitive, or a UsageError naming the option. */
function choice<T extends string>(name: string, value: string | undefined, allowed: readonly T[]): T | null {
  if (value === undefined) return null;
  const upper = value.trim().toUpperCase();
  if (!(allowed as readonly string[]).includes(upper)) throw new UsageError(`--${name} must be one of ${allowed.join(', ')}, got "${value}"`);
  return upper as T;
}

/** --timeline FILE, whose extension names the format, or a UsageError. */
function timelineOf(value: string | undefined): string | null {
  if (value === undefined) return null;
  if (!formatOfFile(value)) throw new UsageError(`--timeline needs a file ending in .otio, .fcpxml or .edl, got "${value}"`);
  return value;
}

/** --duration as whole seconds in 5–600, or a UsageError. */
function durationOf(value: string | undefined): number | null {
  if (value === undefined) return null;
  const n = Number(value.trim());
  if (!Number.isInteger(n) || n < 5 || n > 600) throw new UsageError(`--duration must be whole seconds from 5 to 600, got "${value}"`);
  return n;
}

/** Everything the command line can ask for. */
export type CliRequest = { command: 'help' } | { command: 'worker' } | ProcessOptions;

/** Default path of the written highlight video. */
export const DEFAULT_OUT = 'highlight.mp4';

/**
 * Parses argv (without node and the script). Throws UsageError.
 * Long because it is one flat table of options and their checks, read top to bottom like the usage text.
 */
export function parseCliArgs(argv: string[]): CliRequest {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        out: { type: 'string', short: 'o' },
        profile: { type: 'string', short: 'p' },
        prompt: { type: 'string' },
        'plan-only': { type: 'boolean' },
        plan: { type: 'string' },
        data: { type: 'string' },
        duration: { type: 'string', short: 'd' },
        lang: { type: 'string' },
        aspect: { type: 'string' },
        fit: { type: 'string' },
        timeline: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    // parseArgs' messages already name the option ("Unknown option '--x'").
    throw new UsageError((err as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help || positionals.length === 0 || positionals[0] === 'help') return { command: 'help' };

  const [command, ...files] = positionals;
  if (command === 'worker') {
    if (files.length > 0 || Object.keys(values).length > 0) throw new UsageError('"autoclip worker" takes no arguments; it is configured by REDIS_URL, WORKER_CONCURRENCY and WORK_DIR');
    return { command: 'worker' };
  }
  if (command !== 'process') throw new UsageError(`unknown command "${command}"; the commands are "process" and "worker"`);
  if (files.length === 0) throw new UsageError('give at least one video file: autoclip process a.mp4 b.mp4');
  if (values['plan-only'] && values.plan !== undefined) {
    throw new UsageError('--plan-only and --plan exclude each other: one prints a plan, the other renders one');
  }

  let profile: CompressionProfile | null = null;
  if (values.profile !== undefined) {
    const upper = values.profile.trim().toUpperCase();
    if (!(COMPRESSION_PROFILES as readonly string[]).includes(upper)) {
      throw new UsageError(`--profile must be one of ${COMPRESSION_PROFILES.join(', ')}, got "${values.profile}"`);
    }
    profile = upper as CompressionProfile;
  }
  for (const [name, value] of [['out', values.out], ['plan', values.plan], ['data', values.data]] as const) {
    if (value !== undefined && value.trim() === '') throw new UsageError(`--${name} needs a path`);
  }

  return {
    command: 'process',
    files,
    out: values.out ?? DEFAULT_OUT,
    profile,
    prompt: values.prompt?.trim() || null,
    planOnly: values['plan-only'] ?? false,
    planFile: values.plan ?? null,
    dataDir: values.data ?? null,
    duration: durationOf(values.duration),
    language: choice('lang', values.lang, LANGUAGES),
    aspect: choice('aspect', values.aspect, OUTPUT_ASPECTS),
    fit: choice('fit', values.fit, OUTPUT_FITS),
    timeline: timelineOf(values.timeline),
  };
}

/** The text `--help` prints. */
export const USAGE = `autoclip: turns a batch of raw videos into one highlight video.

Usage:
  autoclip process FILE... [options]
  autoclip worker

Runs the whole pipeline in this process on local files (up to 10): prepare,
compress, analyse, plan, render. The plan is approved automatically unless
--plan-only or --plan is given.

Options:
  -o, --out FILE        where to write the highlight video (default: ./${DEFAULT_OUT})
  -p, --profile NAME    compression profile for analysis copies:
                        ${COMPRESSION_PROFILES.join(', ')} (default: BALANCED)
      --prompt TEXT     extra wishes for the plan ("focus on the goals")
      --plan-only       stop at the plan and print it as JSON on stdout
      --plan FILE       render this plan (JSON as --plan-only prints it) instead of the generated one
      --data DIR        data directory (database, storage); default: $DATA_DIR or ./data
  -d, --duration SECS   target length of the highlight, 5 to 600 s (default: 2–5 min,
                        at most half the footage); your own --plan may be any length
      --lang zh|en      language of descriptions, theme and reasons (default: the
                        prompt's language, else zh)
      --aspect NAME     SOURCE (default), LANDSCAPE 16:9, PORTRAIT 9:16 or SQUARE
      --fit pad|crop    how other shapes fill the frame: bars (default) or centre crop
      --timeline FILE   also write the plan as an editing timeline referencing the
                        originals: FILE.otio (OpenTimelineIO), .fcpxml or .edl (CMX3600)
  -h, --help            show this help

Configuration comes from the same environment variables as the server
(AI_API_KEY, ANALYZER, STORAGE_DRIVER, WORKER_THREADS, LOG_LEVEL, ...).
Without an AI key the offline analyzer plans from ffmpeg signals alone.

autoclip worker runs ffmpeg jobs for a server started with QUEUE_DRIVER=bullmq:
it connects to REDIS_URL, runs WORKER_CONCURRENCY jobs at once (default: cores)
in its own WORK_DIR, and needs no access to the server's disk. SIGTERM or
Ctrl-C hands its running jobs back to the queue. See docs/workers.md.

Exit codes: 0 done, 1 the batch failed, 2 bad usage or input, 130 interrupted.

Examples:
  autoclip process match1.mp4 match2.mp4 --out highlights.mp4
  autoclip process *.mp4 --plan-only > plan.json    # then edit plan.json
  autoclip process *.mp4 --plan plan.json --out edited.mp4
  autoclip process *.mp4 --duration 30 --aspect portrait --fit crop --out reel.mp4
`;
