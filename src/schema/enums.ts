/** GraphQL enums, each fed by the same `as const` list as the database and the code. */
import {
  BATCH_STATUSES,
  COMPRESSION_PROFILES,
  DELIVERY_STATUSES,
  OUTPUT_MODES,
  PLAN_ORIGINS,
  PLAN_STATUSES,
  RENDER_STATUSES,
  SOURCE_TYPES,
  STAGES,
  STAGE_STATUSES,
  VIDEO_STATUSES,
} from '../domain/statuses.js';
import { enumOf } from './enum-of.js';



/** Where a source video comes from. */
export const SourceTypeEnum = enumOf('SourceType', SOURCE_TYPES, 'Where a source video comes from.', {
  LOCAL: 'A file on the server, inside one of its media roots (`path`).',
  OSS: 'An Aliyun OSS object (`url`: `oss://bucket/key` or an OSS https URL), read with the server’s credentials.',
  URL: 'An http(s) URL the server downloads.',
});

/** How hard to compress the copy the model watches. */
export const CompressionProfileEnum = enumOf('CompressionProfile', COMPRESSION_PROFILES, 'How small to make the copy the model watches.', {
  AGGRESSIVE: '480p, 10 fps, 500k video: cheapest, for long videos.',
  BALANCED: '720p, 15 fps, 1500k video: the default.',
  CONSERVATIVE: '1080p, 24 fps, 3000k video: most detail.',
  DYNAMIC: 'Picks by duration: up to 180 s CONSERVATIVE, up to 420 s BALANCED, longer AGGRESSIVE.',
});

/** How the final video is encoded. */
export const OutputModeEnum = enumOf('OutputMode', OUTPUT_MODES, 'How the final video is encoded.', {
  ORIGINAL_QUALITY: 'Keep the sources’ quality: frame size of the main source, highest frame rate, visually lossless.',
  RECOMPRESS: 'Encode at the requested resolution, fps and bitrate.',
});

/** The nine stages of a job. */
export const StageEnum = enumOf('Stage', STAGES, 'The stages of a job, in order.', {
  PREPARATION: 'Sources are checked or downloaded and probed.',
  COMPRESSION: 'Each video gets a small copy for the model.',
  TEMP_UPLOAD: 'Compressed copies go to storage with signed URLs.',
  VL_ANALYSIS: 'The vision-language model (or the offline analyzer) describes each video.',
  PLAN_GENERATION: 'A text model (or the offline planner) drafts the cut plan.',
  APPROVAL: 'The plan waits for a person (skipped with autoApprove).',
  RENDERING: 'Clips are cut from the originals and joined.',
  FINAL_UPLOAD: 'The result is stored and its URL recorded.',
  CLEANUP: 'Temporary files and objects are removed and the webhook is sent.',
});

/** State of one stage. */
export const StageStatusEnum = enumOf('StageStatus', STAGE_STATUSES, 'State of one stage of a batch.', {
  PENDING: 'Not started.',
  RUNNING: 'Working now.',
  COMPLETED: 'Finished.',
  FAILED: 'Stopped with an error (see the stage message and the batch error).',
  SKIPPED: 'Not needed for this batch.',
});

/** State of a batch. */
export const BatchStatusEnum = enumOf('BatchStatus', BATCH_STATUSES, 'State of a batch.', {
  QUEUED: 'Created, not started yet.',
  PREPARING: 'Checking and probing sources.',
  DOWNLOADING: 'Downloading remote sources.',
  COMPRESSING: 'Making small copies for the model.',
  UPLOADING_TEMP: 'Uploading the small copies.',
  VL_ANALYZING: 'The model is watching the videos.',
  GENERATING_PLAN: 'Drafting the cut plan.',
  AWAITING_APPROVAL: 'The plan waits for a person to edit or approve it.',
  CLIPPING: 'Cutting clips from the originals.',
  MERGING: 'Joining the clips.',
  UPLOADING_FINAL: 'Storing the result.',
  CLEANUP: 'Removing temporary files.',
  COMPLETED: 'Done: `finalVideo` has the result.',
  FAILED: 'Stopped with an error (see `error`); `retryBatch` resumes it.',
  CANCELLED: 'Stopped by `cancelBatch`; `retryBatch` resumes it.',
});

/** State of a video. */
export const VideoStatusEnum = enumOf('VideoStatus', VIDEO_STATUSES, 'State of one source video.', {
  PENDING: 'Not started.',
  PREPARING: 'Being checked, downloaded or probed.',
  COMPRESSING: 'Being compressed.',
  UPLOADING: 'Its compressed copy is being uploaded.',
  ANALYZING: 'Being analysed.',
  READY: 'Prepared, compressed and analysed: usable by the plan.',
  FAILED: 'Unusable; `error` says why. The batch goes on without it.',
});

/** State of a plan version. */
export const PlanStatusEnum = enumOf('ClipPlanStatus', PLAN_STATUSES, 'State of a plan version.', {
  DRAFT: 'Proposed, may be edited or approved.',
  APPROVED: 'Approved for rendering.',
});

/** Who made a plan version. */
export const PlanOriginEnum = enumOf('ClipPlanOrigin', PLAN_ORIGINS, 'Who made a plan version.', {
  AI: 'The text model.',
  OFFLINE: 'The built-in offline planner.',
  USER: 'A person, through updateClipPlan.',
});

/** State of a render. */
export const RenderStatusEnum = enumOf('RenderStatus', RENDER_STATUSES, 'State of one render of a plan.', {
  PENDING: 'Waiting to start.',
  RUNNING: 'Cutting, joining or uploading.',
  COMPLETED: 'Done: `url` has the video.',
  FAILED: 'Stopped with an error.',
  CANCELLED: 'Stopped by cancelBatch.',
});

/** State of a webhook delivery. */
export const DeliveryStatusEnum = enumOf('WebhookDeliveryStatus', DELIVERY_STATUSES, 'State of one webhook delivery.', {
  PENDING: 'Not delivered yet; more attempts will follow.',
  DELIVERED: 'The endpoint answered 2xx.',
  FAILED: 'Gave up after the last attempt or a permanent refusal.',
});
