/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** State of a batch. */
export type BatchStatus =
  /** The plan waits for a person to edit or approve it. */
  | 'AWAITING_APPROVAL'
  /** Stopped by `cancelBatch`; `retryBatch` resumes it. */
  | 'CANCELLED'
  /** Removing temporary files. */
  | 'CLEANUP'
  /** Cutting clips from the originals. */
  | 'CLIPPING'
  /** Done: `finalVideo` has the result. */
  | 'COMPLETED'
  /** Making small copies for the model. */
  | 'COMPRESSING'
  /** Downloading remote sources. */
  | 'DOWNLOADING'
  /** Stopped with an error (see `error`); `retryBatch` resumes it. */
  | 'FAILED'
  /** Drafting the cut plan. */
  | 'GENERATING_PLAN'
  /** Joining the clips. */
  | 'MERGING'
  /** Checking and probing sources. */
  | 'PREPARING'
  /** Created, not started yet. */
  | 'QUEUED'
  /** Storing the result. */
  | 'UPLOADING_FINAL'
  /** Uploading the small copies. */
  | 'UPLOADING_TEMP'
  /** The model is watching the videos. */
  | 'VL_ANALYZING';

/** State of a plan version. */
export type ClipPlanStatus =
  /** Approved for rendering. */
  | 'APPROVED'
  /** Proposed, may be edited or approved. */
  | 'DRAFT';

/** How small to make the copy the model watches. */
export type CompressionProfile =
  /** 480p, 10 fps, 500k video: cheapest, for long videos. */
  | 'AGGRESSIVE'
  /** 720p, 15 fps, 1500k video: the default. */
  | 'BALANCED'
  /** 1080p, 24 fps, 3000k video: most detail. */
  | 'CONSERVATIVE'
  /** Picks by duration: up to 180 s CONSERVATIVE, up to 420 s BALANCED, longer AGGRESSIVE. */
  | 'DYNAMIC';

/** A new batch: 1 to 10 sources and how to process them. */
export type CreateBatchInput = {
  /** Default false. true: render right after planning, without waiting for approval. */
  autoApprove?: boolean | null | undefined;
  /** Profile of the copies the model watches; default BALANCED. */
  compressionProfile?: CompressionProfile | null | undefined;
  /** Extra wishes for the plan, at most 2000 characters. */
  customPrompt?: string | null | undefined;
  /** Default false. true: transcribe speech and give it to both prompts. */
  enableAsr?: boolean | null | undefined;
  /** Default true. false: plan from probe data and the offline analyzer only. */
  enableVlAnalysis?: boolean | null | undefined;
  /** Language of descriptions, labels, theme and reasons. Default: the customPrompt’s language when it has one, else ZH. */
  language?: Language | null | undefined;
  /** How the final video is encoded; default ORIGINAL_QUALITY. */
  output?: OutputInput | null | undefined;
  /** 1 to 10 source videos, each at most 600 s long. */
  sources: Array<VideoSourceInput>;
  /** The highlight’s target length, 5 to 600 s (e.g. 15, 30, 60 for short-video apps). It steers the model and the offline planner; edits may be any length. Default: 2–5 minutes, never more than half the ready footage. */
  targetDurationSeconds?: number | null | undefined;
  /** Validity of the signed URLs of compressed copies: 600 to 86400 s, default 3600. */
  tempUrlExpirySeconds?: number | null | undefined;
  /** An http(s) URL that receives signed POSTs when the batch awaits approval, completes or fails. */
  webhookUrl?: string | null | undefined;
};

/** The language of text written for people: descriptions, labels, themes, reasons. */
export type Language =
  /** English. */
  | 'EN'
  /** Simplified Chinese (简体中文). */
  | 'ZH';

/** The frame shape of the final video. */
export type OutputAspect =
  /** 16:9, e.g. 1920×1080. */
  | 'LANDSCAPE'
  /** 9:16 for short-video apps, e.g. 1080×1920. */
  | 'PORTRAIT'
  /** The shape of the source that contributes most of the running time (the default). */
  | 'SOURCE'
  /** 1:1, e.g. 1080×1080. */
  | 'SQUARE';

/** How a source of another shape fills the output frame. */
export type OutputFit =
  /** The frame filled, scaled to cover it, with the centre kept and the edges cut off. */
  | 'CROP'
  /** The whole picture, scaled to fit, with bars around it (the default). */
  | 'PAD';

/** How the final video is encoded. resolution, fps and bitrate apply to RECOMPRESS. */
export type OutputInput = {
  /** Frame shape: SOURCE (default), LANDSCAPE 16:9, PORTRAIT 9:16 or SQUARE. */
  aspect?: OutputAspect | null | undefined;
  /** RECOMPRESS: video bitrate like "800k" or "8M", default "5000k". */
  bitrate?: string | null | undefined;
  /** How sources of another shape fill the frame: PAD (default) or CROP (centre). */
  fit?: OutputFit | null | undefined;
  /** RECOMPRESS: 1 to 60, default 30. */
  fps?: number | null | undefined;
  /** Default ORIGINAL_QUALITY. */
  mode?: OutputMode | null | undefined;
  /** RECOMPRESS: 480p, 720p, 1080p (default), 1440p or 2160p; the shorter side of the frame. */
  resolution?: string | null | undefined;
};

/** How the final video is encoded. */
export type OutputMode =
  /** Keep the sources’ quality: frame size of the main source, highest frame rate, visually lossless. */
  | 'ORIGINAL_QUALITY'
  /** Encode at the requested resolution, fps and bitrate. */
  | 'RECOMPRESS';

/** Where a source video comes from. */
export type SourceType =
  /** A file on the server, inside one of its media roots (`path`). */
  | 'LOCAL'
  /** An Aliyun OSS object (`url`: `oss://bucket/key` or an OSS https URL), read with the server’s credentials. */
  | 'OSS'
  /** An http(s) URL the server downloads. */
  | 'URL';

/** The stages of a job, in order. */
export type Stage =
  /** The plan waits for a person (skipped with autoApprove). */
  | 'APPROVAL'
  /** Temporary files and objects are removed and the webhook is sent. */
  | 'CLEANUP'
  /** Each video gets a small copy for the model. */
  | 'COMPRESSION'
  /** The result is stored and its URL recorded. */
  | 'FINAL_UPLOAD'
  /** A text model (or the offline planner) drafts the cut plan. */
  | 'PLAN_GENERATION'
  /** Sources are checked or downloaded and probed. */
  | 'PREPARATION'
  /** Clips are cut from the originals and joined. */
  | 'RENDERING'
  /** Compressed copies go to storage with signed URLs. */
  | 'TEMP_UPLOAD'
  /** The vision-language model (or the offline analyzer) describes each video. */
  | 'VL_ANALYSIS';

/** One source video. LOCAL takes `path`; OSS and URL take `url`. */
export type VideoSourceInput = {
  /** Overrides the batch’s profile for this video. */
  compressionProfile?: CompressionProfile | null | undefined;
  /** LOCAL only: a path inside one of the server’s media roots (relative paths are resolved against each root). */
  path?: string | null | undefined;
  /** Where the video comes from. */
  type: SourceType;
  /** OSS: `oss://bucket/key` or `https://bucket.oss-<region>.aliyuncs.com/key`. URL: an http(s) URL. */
  url?: string | null | undefined;
};

export type CreateBatchMutationVariables = Exact<{
  input: CreateBatchInput;
}>;


export type CreateBatchMutation = { createBatch:
    | { __typename: 'CreateBatchPayload', batch: { id: string, status: BatchStatus, videos: Array<{ index: number, source: string }> } }
    | { __typename: 'ValidationError', field: string, sourceIndex: number | null, message: string }
   };

export type BatchProgressSubscriptionVariables = Exact<{
  batchId: string | number;
}>;


export type BatchProgressSubscription = { batchProgress: { status: BatchStatus, stage: Stage | null, progress: number, videoIndex: number | null, itemsDone: number, itemsTotal: number, message: string | null } };

export type BatchQueryVariables = Exact<{
  id: string | number;
}>;


export type BatchQuery = { batch: { id: string, status: BatchStatus, error: string | null, clipPlan: { version: number, status: ClipPlanStatus, theme: string, totalDurationSeconds: number, clips: Array<{ videoIndex: number, start: number, end: number, reason: string }> } | null, finalVideo: { url: string, durationSeconds: number, sizeBytes: number, width: number, height: number } | null } | null };

export type ApproveClipPlanMutationVariables = Exact<{
  batchId: string | number;
  expectedVersion: number;
}>;


export type ApproveClipPlanMutation = { approveClipPlan:
    | { __typename: 'ApproveClipPlanPayload', clipPlan: { version: number, status: ClipPlanStatus }, batch: { status: BatchStatus } }
    | { __typename: 'InvalidStateError', status: BatchStatus, message: string }
    | { __typename: 'NotFoundError', id: string, message: string }
    | { __typename: 'ValidationError', field: string, message: string }
    | { __typename: 'VersionConflictError', currentVersion: number, message: string }
   };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}

export const CreateBatchDocument = new TypedDocumentString(`
    mutation CreateBatch($input: CreateBatchInput!) {
  createBatch(input: $input) {
    __typename
    ... on CreateBatchPayload {
      batch {
        id
        status
        videos {
          index
          source
        }
      }
    }
    ... on ValidationError {
      field
      sourceIndex
    }
    ... on Error {
      message
    }
  }
}
    `) as unknown as TypedDocumentString<CreateBatchMutation, CreateBatchMutationVariables>;
export const BatchProgressDocument = new TypedDocumentString(`
    subscription BatchProgress($batchId: ID!) {
  batchProgress(batchId: $batchId) {
    status
    stage
    progress
    videoIndex
    itemsDone
    itemsTotal
    message
  }
}
    `) as unknown as TypedDocumentString<BatchProgressSubscription, BatchProgressSubscriptionVariables>;
export const BatchDocument = new TypedDocumentString(`
    query Batch($id: ID!) {
  batch(id: $id) {
    id
    status
    error
    clipPlan {
      version
      status
      theme
      totalDurationSeconds
      clips {
        videoIndex
        start
        end
        reason
      }
    }
    finalVideo {
      url
      durationSeconds
      sizeBytes
      width
      height
    }
  }
}
    `) as unknown as TypedDocumentString<BatchQuery, BatchQueryVariables>;
export const ApproveClipPlanDocument = new TypedDocumentString(`
    mutation ApproveClipPlan($batchId: ID!, $expectedVersion: Int!) {
  approveClipPlan(batchId: $batchId, expectedVersion: $expectedVersion) {
    __typename
    ... on ApproveClipPlanPayload {
      clipPlan {
        version
        status
      }
      batch {
        status
      }
    }
    ... on VersionConflictError {
      currentVersion
    }
    ... on InvalidStateError {
      status
    }
    ... on NotFoundError {
      id
    }
    ... on ValidationError {
      field
    }
    ... on Error {
      message
    }
  }
}
    `) as unknown as TypedDocumentString<ApproveClipPlanMutation, ApproveClipPlanMutationVariables>;