/** VL_ANALYSIS: transcribes one video when asked, then describes it (VL model, or offline). */
import { hasAudioTrack } from '../../ai/asr/extract-audio.js';
import { createOfflineAnalyzer } from '../../ai/offline-analyzer.js';
import { isAbort, messageOf } from '../../domain/errors.js';
import type { BatchSettings, StageControl, TranscriptSegment, UsageEntry, VideoAnalysis, VideoWork } from '../../domain/types.js';
import type { StageDeps } from '../stage-deps.js';
import { defineStage } from '../define-stage.js';

/** Scales a sub-step's progress into a part of the stage's. */
function part(control: StageControl, from: number, to: number): StageControl {
  return { signal: control.signal, onProgress: (f, m) => control.onProgress(from + (to - from) * Math.min(1, Math.max(0, f)), m) };
}

/**
 * Analyses one compressed video. ASR first (when the batch asks for it, a
 * transcriber is configured and the video has audio; a transcript already
 * stored from an earlier attempt is reused), so the analysis prompt can
 * include the transcript; a failed transcription is logged and the analysis
 * goes on without it (null transcript). enableVlAnalysis=false uses the offline analyzer
 * even when a model is configured.
 */
export async function analyzeVideo(
  video: VideoWork,
  batch: BatchSettings,
  deps: StageDeps,
  control: StageControl,
): Promise<{ analysis: VideoAnalysis; transcript: TranscriptSegment[] | null; usage: UsageEntry[] }> {
  const usage: UsageEntry[] = [];
  let transcript = video.transcript;
  const wantsAsr = batch.enableAsr && deps.transcriber !== null && hasAudioTrack(video);
  if (wantsAsr && transcript === null) {
    try {
      const asr = await deps.transcriber!.transcribe(video, batch, part(control, 0, 0.4));
      transcript = asr.segments;
      usage.push(...asr.usage);
    } catch (err) {
      if (isAbort(err) || control.signal.aborted) throw err;
      // The transcript only enriches the prompts: a failed ASR must not cost the video its analysis.
      deps.log.warn({ batchId: batch.id, videoIndex: video.index, err: messageOf(err) }, 'ASR failed; analysing without a transcript');
      control.onProgress(0.4, `transcription failed (${messageOf(err).slice(0, 120)}); analysing without it`);
    }
  } else if (batch.enableAsr && !hasAudioTrack(video)) {
    deps.log.debug({ batchId: batch.id, videoIndex: video.index }, 'no audio track: ASR skipped');
  }

  const analyzer = batch.enableVlAnalysis ? deps.analyzer : deps.analyzer.kind === 'offline' ? deps.analyzer : createOfflineAnalyzer({ pool: deps.pool, log: deps.log });
  const result = await analyzer.analyze({ ...video, transcript }, batch, part(control, wantsAsr ? 0.4 : 0, 1));
  usage.push(...result.usage);
  return { analysis: result.analysis, transcript, usage };
}

/** VL_ANALYSIS: what the model (or the offline analyzer) sees in the video, and what is said in it. */
export const analyzeStage = defineStage({
  name: 'VL_ANALYSIS',
  scope: 'video',
  retries: 2,
  weight: 15,
  labels: { action: 'analysis', short: 'analyse' },
  videoStatus: 'ANALYZING',
  batchStatus: () => 'VL_ANALYZING',
  limit: 'analysis',
  done: (v) => !!v.analysis,
  run: analyzeVideo,
  save: (out) => ({ video: { analysis: out.analysis, transcript: out.transcript }, usage: out.usage }),
});
