/** The Video node and the objects that describe what each stage learned about it. */
import type { Highlight, Scene, TranscriptSegment, VideoAnalysis } from '../domain/types.js';
import type { VideoRow } from '../db/batch-store.js';
import { liveUrl } from '../storage/live-url.js';
import { builder } from './builder.js';
import { CompressionProfileEnum, SourceTypeEnum, VideoStatusEnum } from './enums.js';
import { VideoRef } from './refs.js';

const HighlightRef = builder.objectRef<Highlight>('Highlight').implement({
  description: 'A moment worth showing, as the analyzer saw it.',
  fields: (t) => ({
    start: t.exposeFloat('start', { description: 'Start in seconds from the video’s beginning.' }),
    end: t.exposeFloat('end', { description: 'End in seconds.' }),
    label: t.exposeString('label', { description: 'What happens, in a few words.' }),
    score: t.exposeFloat('score', { description: 'How strong a highlight it is, 0 to 1.' }),
  }),
});

const SceneRef = builder.objectRef<Scene>('Scene').implement({
  description: 'A continuous stretch of the video.',
  fields: (t) => ({
    start: t.exposeFloat('start', { description: 'Start in seconds.' }),
    end: t.exposeFloat('end', { description: 'End in seconds.' }),
    description: t.exposeString('description', { description: 'What the scene shows.' }),
  }),
});

const AnalysisRef = builder.objectRef<VideoAnalysis>('VideoAnalysis').implement({
  description: 'What the analyzer found in a video.',
  fields: (t) => ({
    description: t.exposeString('description', { description: 'A summary of the whole video.' }),
    highlights: t.field({ type: [HighlightRef], resolve: (a) => a.highlights, description: 'The best moments, with times.' }),
    tags: t.exposeStringList('tags', { description: 'Keywords.' }),
    scenes: t.field({ type: [SceneRef], resolve: (a) => a.scenes, description: 'The video split into scenes.' }),
  }),
});

const TranscriptSegmentRef = builder.objectRef<TranscriptSegment>('TranscriptSegment').implement({
  description: 'A timed piece of speech.',
  fields: (t) => ({
    start: t.exposeFloat('start', { description: 'Start in seconds.' }),
    end: t.exposeFloat('end', { description: 'End in seconds.' }),
    text: t.exposeString('text', { description: 'What was said.' }),
  }),
});

const CompressionRef = builder.objectRef<VideoRow>('VideoCompression').implement({
  description: 'The small copy the model watches.',
  fields: (t) => ({
    profile: t.field({ type: CompressionProfileEnum, resolve: (v) => v.compressed!.profile, description: 'The concrete profile used (DYNAMIC resolved).' }),
    sizeBytes: t.float({ resolve: (v) => v.compressed!.sizeBytes, description: 'Size of the copy in bytes.' }),
    width: t.int({ resolve: (v) => v.compressed!.width, description: 'Frame width of the copy.' }),
    height: t.int({ resolve: (v) => v.compressed!.height, description: 'Frame height of the copy.' }),
    fps: t.float({ resolve: (v) => v.compressed!.fps, description: 'Frame rate of the copy.' }),
    ratio: t.float({
      description: 'Size reduction factor: original bytes ÷ compressed bytes (10 means ten times smaller, not 10 %). For the fraction saved see `savedFraction`.',
      resolve: (v) => (v.probe && v.compressed!.sizeBytes > 0 ? Math.round((v.probe.sizeBytes / v.compressed!.sizeBytes) * 100) / 100 : 0),
    }),
    savedFraction: t.float({
      description: 'Fraction of bytes saved, 0 to 1: 1 − compressed ÷ original (0.9 means 90 % smaller).',
      resolve: (v) => (v.probe && v.probe.sizeBytes > 0 ? Math.round((1 - v.compressed!.sizeBytes / v.probe.sizeBytes) * 1e4) / 1e4 : 0),
    }),
    tempUrl: t.string({
      nullable: true,
      description: 'Signed URL of the uploaded copy; null until uploaded and after it expired.',
      resolve: async (v, _a, ctx) => (v.tempKey && v.tempExpiresAt ? ((await liveUrl(ctx.storage, v.tempKey, v.tempExpiresAt, 0))?.url ?? null) : null),
    }),
    expiresAt: t.field({ type: 'DateTime', nullable: true, resolve: (v) => v.tempExpiresAt, description: 'When tempUrl stops working (the object is removed after that).' }),
  }),
});

builder.node(VideoRef, {
  description: 'One source video of a batch.',
  id: { resolve: (v) => v.id },
  loadOne: (id, ctx) => ctx.batches.video(id) ?? null,
  isTypeOf: (v) => typeof v === 'object' && v !== null && 'sourceType' in v,
  fields: (t) => ({
    index: t.exposeInt('index', { description: 'Position in the batch’s `sources` (0-based); plans refer to videos by it.' }),
    sourceType: t.field({ type: SourceTypeEnum, resolve: (v) => v.sourceType, description: 'Where it comes from.' }),
    source: t.string({ resolve: (v) => v.sourcePath ?? v.sourceUrl ?? '', description: 'The path or URL it was given as.' }),
    status: t.field({ type: VideoStatusEnum, resolve: (v) => v.status, description: 'Where this video stands.' }),
    progress: t.float({ resolve: (v) => Math.round(v.progress * 1000) / 10, description: 'This video’s progress through stages 1–4, 0 to 100.' }),
    durationSeconds: t.float({ nullable: true, resolve: (v) => v.probe?.durationSeconds ?? null, description: 'Length in seconds; null until probed.' }),
    width: t.int({ nullable: true, resolve: (v) => v.probe?.width ?? null, description: 'Displayed width (rotation applied); null until probed.' }),
    height: t.int({ nullable: true, resolve: (v) => v.probe?.height ?? null, description: 'Displayed height (rotation applied); null until probed.' }),
    fps: t.float({ nullable: true, resolve: (v) => v.probe?.fps ?? null, description: 'Frames per second; null until probed.' }),
    sizeBytes: t.float({ nullable: true, resolve: (v) => v.probe?.sizeBytes ?? null, description: 'Size of the original in bytes; null until probed.' }),
    hasAudio: t.boolean({ nullable: true, resolve: (v) => v.probe?.hasAudio ?? null, description: 'Whether it has a sound track; null until probed.' }),
    videoCodec: t.string({ nullable: true, resolve: (v) => v.probe?.videoCodec ?? null, description: 'Video codec of the original.' }),
    audioCodec: t.string({ nullable: true, resolve: (v) => v.probe?.audioCodec ?? null, description: 'Audio codec of the original; null without audio.' }),
    rotation: t.int({ nullable: true, resolve: (v) => v.probe?.rotation ?? null, description: 'Display rotation in degrees from the file’s metadata.' }),
    compressionProfile: t.field({ type: CompressionProfileEnum, nullable: true, resolve: (v) => v.compressionProfile, description: 'This source’s own profile override; null when it follows the batch.' }),
    compression: t.field({ type: CompressionRef, nullable: true, resolve: (v) => (v.compressed ? v : null), description: 'The compressed copy; null until compressed.' }),
    analysis: t.field({ type: AnalysisRef, nullable: true, resolve: (v) => v.analysis, description: 'What the analyzer found; null until analysed.' }),
    transcript: t.field({ type: [TranscriptSegmentRef], nullable: true, resolve: (v) => v.transcript, description: 'Timed speech when ASR ran; null otherwise.' }),
    error: t.exposeString('error', { nullable: true, description: 'Why this video failed; null otherwise.' }),
  }),
});
