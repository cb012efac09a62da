/**
 * The stage registry: every stage of a job, in order. The runner loops over it
 * for the per-video chains and the batch steps alike; adding a stage is one
 * file under stages/ and one line here (see docs/architecture.md).
 */
import type { BatchStageDefinition, StageDefinition, VideoStageDefinition } from './define-stage.js';
import { analyzeStage } from './stages/analyze.js';
import { cleanupStage } from './stages/cleanup.js';
import { compressStage } from './stages/compress.js';
import { finalUploadStage } from './stages/final-upload.js';
import { planStage } from './stages/plan.js';
import { prepareStage } from './stages/prepare.js';
import { renderStage } from './stages/render.js';
import { tempUploadStage } from './stages/temp-upload.js';

/** The real stages, in the order they run. */
export const STAGE_REGISTRY = [
  prepareStage,
  compressStage,
  tempUploadStage,
  analyzeStage,
  planStage,
  renderStage,
  finalUploadStage,
  cleanupStage,
] as const;

/** A registry: the real one, or a test's variant of it. */
export type StageRegistry = readonly StageDefinition[];

/** The batch-level stages the runner's batch steps call, by name. */
export interface BatchStages {
  PLAN_GENERATION: typeof planStage;
  RENDERING: typeof renderStage;
  FINAL_UPLOAD: typeof finalUploadStage;
  CLEANUP: typeof cleanupStage;
}

/** The per-video stages of a registry, in order. */
export function videoStages(registry: StageRegistry): VideoStageDefinition[] {
  return registry.filter((s): s is VideoStageDefinition => s.scope === 'video');
}

/** The batch-level stages of a registry by name; the runner's batch steps need each of these. */
export function batchStages(registry: StageRegistry): BatchStages {
  const byName = new Map(registry.filter((s) => s.scope === 'batch').map((s) => [s.name, s as BatchStageDefinition<any, any, any>]));
  const get = <K extends keyof BatchStages>(name: K): BatchStages[K] => {
    const stage = byName.get(name);
    if (!stage) throw new Error(`the stage registry has no ${name} stage`);
    return stage as BatchStages[K];
  };
  return { PLAN_GENERATION: get('PLAN_GENERATION'), RENDERING: get('RENDERING'), FINAL_UPLOAD: get('FINAL_UPLOAD'), CLEANUP: get('CLEANUP') };
}

/** Runs by stage name, to swap in for the real ones (tests, benchmarks). */
export interface StageRuns {
  PREPARATION?: typeof prepareStage.run;
  COMPRESSION?: typeof compressStage.run;
  TEMP_UPLOAD?: typeof tempUploadStage.run;
  VL_ANALYSIS?: typeof analyzeStage.run;
  PLAN_GENERATION?: typeof planStage.run;
  RENDERING?: typeof renderStage.run;
  FINAL_UPLOAD?: typeof finalUploadStage.run;
  CLEANUP?: typeof cleanupStage.run;
}

/** The registry with some stages' `run` replaced; everything else about them stays. */
export function withRuns(runs: StageRuns, registry: StageRegistry = STAGE_REGISTRY): StageRegistry {
  return registry.map((s) => {
    const run = (runs as Record<string, StageDefinition['run'] | undefined>)[s.name];
    return run ? ({ ...s, run } as StageDefinition) : s;
  });
}
