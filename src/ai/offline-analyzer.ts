/**
 * The offline analyzer: no account, no network. One ffmpeg pass per video
 * (scene changes, motion, loudness, silence, black, freeze), then pure
 * scoring into the same analysis shape the VL model returns.
 */
import type { Logger } from 'pino';
import type { VideoWork } from '../domain/types.js';
import type { MediaPool } from '../workers/media-pool.js';
import type { Analyzer } from './analyzer.js';
import { clampAnalysis } from './analysis-schema.js';
import { extractSignals } from './signals/extract-signals.js';
import { analyseSignals } from './signals/score-signals.js';
import { offlineText } from '../i18n/offline-text.js';

/** What the offline analyzer needs. */
export interface OfflineAnalyzerDeps {
  pool: MediaPool;
  log: Logger;
}

/** The file to analyse: the compressed copy (smaller, faster to decode), else the original. */
export function offlineInput(video: VideoWork): { path: string; durationSeconds: number; hasAudio: boolean } {
  const durationSeconds = video.probe?.durationSeconds ?? video.compressed?.durationSeconds;
  if (!durationSeconds) throw new Error(`video ${video.index} has no probed duration`);
  if (video.compressed) return { path: video.compressed.path, durationSeconds, hasAudio: video.compressed.hasAudio };
  if (video.localPath) return { path: video.localPath, durationSeconds, hasAudio: video.probe?.hasAudio ?? false };
  throw new Error(`video ${video.index} has neither a compressed copy nor a local file`);
}

/** Creates the offline analyzer. */
export function createOfflineAnalyzer(deps: OfflineAnalyzerDeps): Analyzer {
  return {
    kind: 'offline',
    async analyze(video, batch, control) {
      const input = offlineInput(video);
      control.onProgress(0, 'measuring scenes, motion and loudness');
      const signals = await extractSignals(
        { inputPath: input.path, durationSeconds: input.durationSeconds, hasAudio: input.hasAudio, workDir: video.workDir, name: String(video.index), group: batch.id },
        deps.pool,
        { signal: control.signal, onProgress: (f) => control.onProgress(Math.min(0.95, f), `measuring ${Math.round(f * 100)}%`) },
      );
      const analysis = clampAnalysis(analyseSignals(signals, offlineText(batch.language)), input.durationSeconds);
      deps.log.debug({ batchId: batch.id, videoIndex: video.index, highlights: analysis.highlights.length, scenes: analysis.scenes.length }, 'offline analysis');
      control.onProgress(1, 'analysed');
      return { analysis, usage: [] };
    },
  };
}
