/** The registry of stage implementations the runner calls; tests may hand in their own. */
import { analyzeVideo } from './stages/analyze.js';
import { cleanupBatch } from './stages/cleanup.js';
import { compressVideo } from './stages/compress.js';
import { uploadFinal } from './stages/final-upload.js';
import { generatePlan } from './stages/plan.js';
import { prepareVideo } from './stages/prepare.js';
import { renderPlan } from './stages/render.js';
import { uploadTemp } from './stages/temp-upload.js';

/** One function per stage. */
export interface StageModules {
  prepareVideo: typeof prepareVideo;
  compressVideo: typeof compressVideo;
  uploadTemp: typeof uploadTemp;
  analyzeVideo: typeof analyzeVideo;
  generatePlan: typeof generatePlan;
  renderPlan: typeof renderPlan;
  uploadFinal: typeof uploadFinal;
  cleanupBatch: typeof cleanupBatch;
}

/** The real stages. */
export const defaultStages: StageModules = {
  prepareVideo,
  compressVideo,
  uploadTemp,
  analyzeVideo,
  generatePlan,
  renderPlan,
  uploadFinal,
  cleanupBatch,
};

/** Attempts per stage (SPEC section 1). Preparation retries downloads inside the source fetchers. */
export const STAGE_ATTEMPTS = {
  PREPARATION: 1,
  COMPRESSION: 2,
  TEMP_UPLOAD: 3,
  VL_ANALYSIS: 2,
  PLAN_GENERATION: 2,
  RENDERING: 1,
  FINAL_UPLOAD: 3,
  CLEANUP: 1,
} as const;
