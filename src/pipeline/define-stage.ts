/**
 * The shape of a stage, defined once in its own file under stages/. A stage's
 * `run` takes plain data and returns plain data: it never touches the database
 * or the progress bus, so it could run in a thread, a process or on another
 * machine. The runner stores what it returns. See docs/architecture.md.
 */
import type { VideoRow } from '../db/batch-store.js';
import type { BatchStatus, Stage, VideoStatus } from '../domain/statuses.js';
import type { BatchSettings, StageControl, UsageEntry, VideoWork } from '../domain/types.js';
import type { StageDeps } from './stage-deps.js';

/** What every stage states about itself. */
interface StageFacts {
  /** The stage's name in the public vocabulary (progress events, stage runs). */
  name: Stage;
  /** Retries after a failed first attempt (attempts = 1 + retries; 0: one try). An UnrecoverableError skips the rest. */
  retries: number;
  /** The stage's share of the batch's 0–100 percent. */
  weight: number;
  /** Words for humans: `action` in progress and error messages, `short` in the CLI's progress lines. */
  labels: { action: string; short: string };
}

/** The columns of a video row a per-video stage may fill. */
export type VideoPatch = Partial<Omit<VideoRow, 'id' | 'batchId' | 'index' | 'createdAt' | 'status' | 'progress' | 'error'>>;

/** A stage run once per video, as a link of that video's chain. */
export interface VideoStageDefinition<Out = unknown> extends StageFacts {
  scope: 'video';
  /** The video's status while the stage runs. */
  videoStatus: VideoStatus;
  /** The batch's status while this is its least advanced per-video stage; `remote` is true when a video here comes from a URL or OSS. */
  batchStatus(remote: boolean): BatchStatus;
  /** A limit shared by every batch of the server that the run waits for. */
  limit?: 'uploads' | 'analysis';
  /** True when the stored video already holds this stage's output (files checked on disk), so a resume skips it. */
  done(video: VideoWork): boolean;
  /** The work itself. */
  run(video: VideoWork, batch: BatchSettings, deps: StageDeps, control: StageControl): Promise<Out>;
  /** How the output is stored: the video columns to set and model usage to record. */
  save(out: Out): { video: VideoPatch; usage?: UsageEntry[] };
}

/**
 * A stage run once per batch. What it reads and how its output is stored are
 * the batch steps of the runner (pipeline/phases/), because they also move the
 * batch through the state machine.
 */
export interface BatchStageDefinition<In = never, Out = unknown, Control extends StageControl = StageControl> extends StageFacts {
  scope: 'batch';
  /** The work itself. */
  run(input: In, deps: StageDeps, control: Control): Promise<Out>;
}

/** Any stage of the registry. */
export type StageDefinition = VideoStageDefinition<any> | BatchStageDefinition<any, any, any>;

/** Declares a stage; the identity function, there for the types and for readers. */
export function defineStage<Out>(definition: VideoStageDefinition<Out>): VideoStageDefinition<Out>;
/** Declares a batch-level stage. */
export function defineStage<In, Out, Control extends StageControl = StageControl>(
  definition: BatchStageDefinition<In, Out, Control>,
): BatchStageDefinition<In, Out, Control>;
export function defineStage(definition: StageDefinition): StageDefinition {
  return definition;
}
