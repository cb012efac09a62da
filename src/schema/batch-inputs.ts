/** Input types of createBatch. Defaults and ranges are enforced by pipeline/batch-input.ts (docs/architecture.md, "Contracts"). */
import { builder } from './builder.js';
import { CompressionProfileEnum, OutputModeEnum, SourceTypeEnum } from './enums.js';
import { LanguageEnum, OutputAspectEnum, OutputFitEnum } from './plan-enums.js';

/** One source video. */
export const VideoSourceInput = builder.inputType('VideoSourceInput', {
  description: 'One source video. LOCAL takes `path`; OSS and URL take `url`.',
  fields: (t) => ({
    type: t.field({ type: SourceTypeEnum, description: 'Where the video comes from.' }),
    path: t.string({ required: false, description: 'LOCAL only: a path inside one of the server’s media roots (relative paths are resolved against each root).' }),
    url: t.string({ required: false, description: 'OSS: `oss://bucket/key` or `https://bucket.oss-<region>.aliyuncs.com/key`. URL: an http(s) URL.' }),
    compressionProfile: t.field({ type: CompressionProfileEnum, required: false, description: 'Overrides the batch’s profile for this video.' }),
  }),
});

/** How the final video is encoded. */
export const OutputInput = builder.inputType('OutputInput', {
  description: 'How the final video is encoded. resolution, fps and bitrate apply to RECOMPRESS.',
  fields: (t) => ({
    mode: t.field({ type: OutputModeEnum, required: false, description: 'Default ORIGINAL_QUALITY.' }),
    resolution: t.string({ required: false, description: 'RECOMPRESS: 480p, 720p, 1080p (default), 1440p or 2160p; the shorter side of the frame.' }),
    fps: t.int({ required: false, description: 'RECOMPRESS: 1 to 60, default 30.' }),
    bitrate: t.string({ required: false, description: 'RECOMPRESS: video bitrate like "800k" or "8M", default "5000k".' }),
    aspect: t.field({ type: OutputAspectEnum, required: false, description: 'Frame shape: SOURCE (default), LANDSCAPE 16:9, PORTRAIT 9:16 or SQUARE.' }),
    fit: t.field({ type: OutputFitEnum, required: false, description: 'How sources of another shape fill the frame: PAD (default) or CROP (centre).' }),
  }),
});

/** Everything createBatch takes. */
export const CreateBatchInput = builder.inputType('CreateBatchInput', {
  description: 'A new batch: 1 to 10 sources and how to process them.',
  fields: (t) => ({
    sources: t.field({ type: [VideoSourceInput], description: '1 to 10 source videos, each at most 600 s long.' }),
    compressionProfile: t.field({ type: CompressionProfileEnum, required: false, description: 'Profile of the copies the model watches; default BALANCED.' }),
    tempUrlExpirySeconds: t.int({ required: false, description: 'Validity of the signed URLs of compressed copies: 600 to 86400 s, default 3600.' }),
    output: t.field({ type: OutputInput, required: false, description: 'How the final video is encoded; default ORIGINAL_QUALITY.' }),
    enableVlAnalysis: t.boolean({ required: false, description: 'Default true. false: plan from probe data and the offline analyzer only.' }),
    enableAsr: t.boolean({ required: false, description: 'Default false. true: transcribe speech and give it to both prompts.' }),
    webhookUrl: t.string({ required: false, description: 'An http(s) URL that receives signed POSTs when the batch awaits approval, completes or fails.' }),
    customPrompt: t.string({ required: false, description: 'Extra wishes for the plan, at most 2000 characters.' }),
    autoApprove: t.boolean({ required: false, description: 'Default false. true: render right after planning, without waiting for approval.' }),
    targetDurationSeconds: t.int({
      required: false,
      description: 'The highlight’s target length, 5 to 600 s (e.g. 15, 30, 60 for short-video apps). It steers the model and the offline planner; edits may be any length. Default: 2–5 minutes, never more than half the ready footage.',
    }),
    language: t.field({
      type: LanguageEnum,
      required: false,
      description: 'Language of descriptions, labels, theme and reasons. Default: the customPrompt’s language when it has one, else ZH.',
    }),
  }),
});
