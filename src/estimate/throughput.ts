/**
 * How fast this process has seen the work go: compression speed per profile,
 * download speed, model latency (analysis and plan calls), render speed. The
 * runner records a sample when a stage finishes; the completion estimate reads
 * the rates. Before anything is measured the defaults below stand in.
 */
import type { ConcreteProfile } from '../domain/statuses.js';

/** The rates the completion estimate uses. Speeds are seconds of video per wall second; latencies are wall seconds. */
export interface Rates {
  /** Seconds of source video compressed per wall second, per profile. */
  compressionSpeed: Record<ConcreteProfile, number>;
  /** Checking and probing a LOCAL file, wall seconds. */
  localPrepareSeconds: number;
  /** Download speed of URL and OSS sources, bytes per wall second. */
  downloadBytesPerSecond: number;
  /** Putting one compressed copy in temporary storage, wall seconds. */
  tempUploadSeconds: number;
  /** One video's analysis (model call, or the offline analyzer; transcription included), wall seconds. */
  analysisSeconds: number;
  /** One plan call, wall seconds. */
  planSeconds: number;
  /** Seconds of output rendered per wall second. */
  renderSpeed: number;
  /** Final upload and cleanup together, wall seconds. */
  finishSeconds: number;
}

/**
 * Rates assumed before this process has measured any: a 2-core machine
 * (BENCHMARKS.md: 1080p30 compresses at about 1.6× real time under load,
 * renders at about 0.5×) and a hosted model's usual answer times.
 */
export const DEFAULT_RATES: Readonly<Rates> = {
  compressionSpeed: { AGGRESSIVE: 4, BALANCED: 2, CONSERVATIVE: 1 },
  localPrepareSeconds: 1,
  downloadBytesPerSecond: 10 * 1024 * 1024,
  tempUploadSeconds: 1,
  analysisSeconds: 20,
  planSeconds: 10,
  renderSpeed: 0.5,
  finishSeconds: 2,
};

/** One measurement, taken when a stage finished. */
export type ThroughputSample =
  | { kind: 'compression'; profile: ConcreteProfile; videoSeconds: number; wallSeconds: number }
  | { kind: 'localPrepare'; wallSeconds: number }
  | { kind: 'download'; bytes: number; wallSeconds: number }
  | { kind: 'tempUpload'; wallSeconds: number }
  | { kind: 'analysis'; wallSeconds: number }
  | { kind: 'plan'; wallSeconds: number }
  | { kind: 'render'; outputSeconds: number; wallSeconds: number }
  | { kind: 'finish'; wallSeconds: number };

/** Samples kept per kind: recent work speaks for the machine's current load. */
export const SAMPLES_KEPT = 20;
/** A stage that took no measurable time still took this long (keeps speeds finite). */
const MIN_WALL_SECONDS = 0.001;

type Key = ConcreteProfile | Exclude<ThroughputSample['kind'], 'compression'>;

/** Keeps the recent samples and turns them into rates. One per process; tests make their own. */
export class ThroughputTracker {
  private readonly samples = new Map<Key, { work: number; wall: number }[]>();

  constructor(private readonly defaults: Readonly<Rates> = DEFAULT_RATES) {}

  /** Records one finished piece of work; nonsense (negative or non-finite numbers) is ignored. */
  record(sample: ThroughputSample): void {
    const wall = Math.max(MIN_WALL_SECONDS, sample.wallSeconds);
    const work = sample.kind === 'compression' ? sample.videoSeconds : sample.kind === 'download' ? sample.bytes : sample.kind === 'render' ? sample.outputSeconds : 1;
    if (!Number.isFinite(wall) || !Number.isFinite(work) || work <= 0 || sample.wallSeconds < 0) return;
    const key: Key = sample.kind === 'compression' ? sample.profile : sample.kind;
    const list = this.samples.get(key) ?? [];
    list.push({ work, wall });
    if (list.length > SAMPLES_KEPT) list.shift();
    this.samples.set(key, list);
  }

  /** The current rates: measured where samples exist (total work over total wall time), defaults elsewhere. */
  rates(): Rates {
    const speed = (key: Key, fallback: number) => {
      const list = this.samples.get(key);
      if (!list?.length) return fallback;
      return list.reduce((a, s) => a + s.work, 0) / list.reduce((a, s) => a + s.wall, 0);
    };
    const latency = (key: Key, fallback: number) => {
      const list = this.samples.get(key);
      return list?.length ? list.reduce((a, s) => a + s.wall, 0) / list.length : fallback;
    };
    const d = this.defaults;
    return {
      compressionSpeed: {
        AGGRESSIVE: speed('AGGRESSIVE', d.compressionSpeed.AGGRESSIVE),
        BALANCED: speed('BALANCED', d.compressionSpeed.BALANCED),
        CONSERVATIVE: speed('CONSERVATIVE', d.compressionSpeed.CONSERVATIVE),
      },
      localPrepareSeconds: latency('localPrepare', d.localPrepareSeconds),
      downloadBytesPerSecond: speed('download', d.downloadBytesPerSecond),
      tempUploadSeconds: latency('tempUpload', d.tempUploadSeconds),
      analysisSeconds: latency('analysis', d.analysisSeconds),
      planSeconds: latency('plan', d.planSeconds),
      renderSpeed: speed('render', d.renderSpeed),
      finishSeconds: latency('finish', d.finishSeconds),
    };
  }
}
