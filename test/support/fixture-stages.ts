/**
 * Stage modules that do no media work, for tests of the runner, the API and
 * the events: each returns plausible output at once, or waits at a gate the
 * test opens, or fails on demand.
 */
import fs from 'node:fs';
import path from 'node:path';
import { resolveLocalPath } from '../../src/sources/local-source.js';
import { STAGE_REGISTRY, withRuns, type StageRegistry, type StageRuns } from '../../src/pipeline/registry.js';
import { cleanupBatch } from '../../src/pipeline/stages/cleanup.js';
import { uploadFinal } from '../../src/pipeline/stages/final-upload.js';
import type { ProbeInfo } from '../../src/domain/types.js';

/** A fake probe of a 10 s 1280×720 video. */
export function fakeProbe(sizeBytes = 1000, durationSeconds = 10): ProbeInfo {
  return {
    durationSeconds,
    sizeBytes,
    width: 1280,
    height: 720,
    fps: 30,
    videoCodec: 'h264',
    audioCodec: 'aac',
    hasAudio: true,
    rotation: 0,
    formatName: 'mov,mp4,m4a,3gp,3g2,mj2',
    bitRate: 800,
  };
}

/** A promise the test resolves to let a stage go on. */
export class Gate {
  private open!: () => void;
  readonly opened = new Promise<void>((r) => (this.open = r));
  private arrive!: () => void;
  /** Resolves when some stage reached the gate. */
  readonly reached = new Promise<void>((r) => (this.arrive = r));
  /** Lets waiting stages continue. */
  release(): void {
    this.open();
  }
  /** Called by the stage: announces arrival and waits (or stops on abort). */
  async wait(signal: AbortSignal): Promise<void> {
    this.arrive();
    await new Promise<void>((resolve, reject) => {
      const onAbort = () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' }));
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      void this.opened.then(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      });
    });
  }
}

/** The stages' run functions by their export names, as tests name them. */
type StageFn = 'prepareVideo' | 'compressVideo' | 'uploadTemp' | 'analyzeVideo' | 'generatePlan' | 'renderPlan' | 'uploadFinal' | 'cleanupBatch';

/** Options for the fixture stages. */
export interface FixtureOptions {
  /** Stage name → gate to wait at before finishing. */
  gates?: Partial<Record<StageFn, Gate>>;
  /** Video indexes whose preparation fails unrecoverably. */
  failPrepare?: number[];
  /** Counts calls per stage. */
  calls?: Record<string, number>;
}

/** The real registry with pass-through runs. */
export function fixtureStages(options: FixtureOptions = {}, registry: StageRegistry = STAGE_REGISTRY): StageRegistry {
  return withRuns(fixtureRuns(options), registry);
}

/** Pass-through runs by stage name. */
export function fixtureRuns(options: FixtureOptions = {}): StageRuns {
  const calls = options.calls ?? {};
  const count = (name: string) => (calls[name] = (calls[name] ?? 0) + 1);
  const gate = async (name: StageFn, signal: AbortSignal) => options.gates?.[name]?.wait(signal);
  return {
    async PREPARATION(video, _b, deps, control) {
      count('prepareVideo');
      await gate('prepareVideo', control.signal);
      if (options.failPrepare?.includes(video.index)) {
        throw Object.assign(new Error(`video ${video.index} is not a media file`), { name: 'UnrecoverableError' });
      }
      const localPath = await resolveLocalPath(video.sourcePath!, deps.config.mediaRoots);
      return { localPath, downloaded: false, probe: fakeProbe(fs.statSync(localPath).size) };
    },
    async COMPRESSION(video, _b, _d, control) {
      count('compressVideo');
      control.onProgress(0.5, `video ${video.index}: compressing 50%`);
      await gate('compressVideo', control.signal);
      const out = path.join(video.workDir, `compressed_${video.index}.mp4`);
      fs.mkdirSync(video.workDir, { recursive: true });
      fs.copyFileSync(video.localPath!, out);
      return { path: out, profile: 'BALANCED', sizeBytes: 100, width: 1280, height: 720, fps: 15, durationSeconds: 10, hasAudio: true };
    },
    async TEMP_UPLOAD(video, _b, _d, control) {
      count('uploadTemp');
      await gate('uploadTemp', control.signal);
      return { key: `temp-compressed/${video.batchId}/compressed_${video.index}.mp4`, url: 'http://example.invalid/x', expiresAt: new Date(Date.now() + 3600_000) };
    },
    async VL_ANALYSIS(video, _b, _d, control) {
      count('analyzeVideo');
      await gate('analyzeVideo', control.signal);
      return {
        analysis: { description: `video ${video.index}`, highlights: [{ start: 1, end: 4, label: 'moment', score: 0.8 }], tags: ['test'], scenes: [{ start: 0, end: 10, description: 'all' }] },
        transcript: null,
        usage: [],
      };
    },
    async PLAN_GENERATION({ videos }, _d, control) {
      count('generatePlan');
      await gate('generatePlan', control.signal);
      return {
        plan: { theme: 'fixture', clips: videos.map((v) => ({ videoIndex: v.index, start: 0, end: v.probe!.durationSeconds, reason: 'all of it' })) },
        origin: 'OFFLINE',
        usage: [],
      };
    },
    async RENDERING({ plan, renderId, workDir }, _d, control) {
      count('renderPlan');
      control.onProgress(0.5, 'clip 1/2');
      await gate('renderPlan', control.signal);
      control.onMerging();
      const out = path.join(workDir, `render_${renderId}.mp4`);
      fs.mkdirSync(workDir, { recursive: true });
      fs.writeFileSync(out, 'rendered');
      const total = plan.clips.reduce((s, c) => s + c.end - c.start, 0);
      return { path: out, probe: { ...fakeProbe(8, total), width: 1920, height: 1080 } };
    },
    async FINAL_UPLOAD(input, deps, control) {
      count('uploadFinal');
      await gate('uploadFinal', control.signal);
      return uploadFinal(input, deps, control);
    },
    async CLEANUP(input, deps, control) {
      count('cleanupBatch');
      return cleanupBatch(input, deps, control);
    },
  };
}
