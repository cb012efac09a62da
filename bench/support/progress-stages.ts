/**
 * Stand-in stages for the GraphQL latency bench: no media work, except that
 * compression reports progress every `everyMs` until the bench lets it finish,
 * so subscribers receive a steady stream of events for as long as the bench measures.
 */
import fs from 'node:fs';
import path from 'node:path';
import { withRuns, type StageRegistry } from '../../src/pipeline/registry.js';
import type { ProbeInfo } from '../../src/domain/types.js';
import { resolveLocalPath } from '../../src/sources/local-source.js';

/** Lets the bench hold compression open, and tells it when compression is streaming. */
export interface ProgressControl {
  /** Resolves once the first compress stage started reporting. */
  readonly streaming: Promise<void>;
  /** Events published by the stand-in compress stages so far. */
  readonly sent: () => number;
  /** Lets every compress stage finish. */
  finish(): void;
}

/** A probe of a 10 s 1280×720 video; the bench's source files are not real media. */
function probe(sizeBytes: number): ProbeInfo {
  return {
    durationSeconds: 10, sizeBytes, width: 1280, height: 720, fps: 30, videoCodec: 'h264', audioCodec: 'aac',
    hasAudio: true, rotation: 0, formatName: 'mov,mp4,m4a,3gp,3g2,mj2', bitRate: 800,
  };
}

/** Builds the stand-in stages and their control. */
export function progressStages(options: { everyMs: number }): { stages: StageRegistry; control: ProgressControl } {
  let finish!: () => void;
  const finished = new Promise<void>((r) => (finish = r));
  let announce!: () => void;
  const streaming = new Promise<void>((r) => (announce = r));
  let sent = 0;

  const stages = withRuns({
    async PREPARATION(video, _b, deps) {
      const localPath = await resolveLocalPath(video.sourcePath!, deps.config.mediaRoots);
      return { localPath, downloaded: false, probe: probe(fs.statSync(localPath).size) };
    },
    async COMPRESSION(video, _b, _d, control) {
      let tick = 0;
      let done = false;
      void finished.then(() => (done = true));
      announce();
      // A timer loop rather than setInterval: each report is sent only after the previous one was published.
      while (!done && !control.signal.aborted) {
        tick++;
        sent++;
        control.onProgress((tick % 100) / 100, `video ${video.index}: compressing (tick ${tick})`);
        await new Promise((r) => setTimeout(r, options.everyMs));
      }
      const out = path.join(video.workDir, `compressed_${video.index}.mp4`);
      fs.mkdirSync(video.workDir, { recursive: true });
      fs.copyFileSync(video.localPath!, out);
      return { path: out, profile: 'BALANCED', sizeBytes: 100, width: 1280, height: 720, fps: 15, durationSeconds: 10, hasAudio: true };
    },
    async TEMP_UPLOAD(video) {
      return { key: `temp-compressed/${video.batchId}/compressed_${video.index}.mp4`, url: 'http://example.invalid/x', expiresAt: new Date(Date.now() + 3600_000) };
    },
    async VL_ANALYSIS(video) {
      return {
        analysis: { description: `video ${video.index}`, highlights: [{ start: 1, end: 4, label: 'moment', score: 0.8 }], tags: ['bench'], scenes: [{ start: 0, end: 10, description: 'all' }] },
        transcript: null,
        usage: [],
      };
    },
    async PLAN_GENERATION({ videos }) {
      return {
        plan: { theme: 'bench', clips: videos.map((v) => ({ videoIndex: v.index, start: 0, end: v.probe!.durationSeconds, reason: 'all of it' })) },
        origin: 'OFFLINE',
        usage: [],
      };
    },
    async RENDERING({ plan, renderId, workDir }, _d, control) {
      control.onMerging();
      const out = path.join(workDir, `render_${renderId}.mp4`);
      fs.mkdirSync(workDir, { recursive: true });
      fs.writeFileSync(out, 'rendered');
      const total = plan.clips.reduce((s, c) => s + c.end - c.start, 0);
      return { path: out, probe: { ...probe(8), durationSeconds: total, width: 1920, height: 1080 } };
    },
  });
  return { stages, control: { streaming, sent: () => sent, finish } };
}
