/** The AI planner: a text model (qwen-plus by default) turns the analyses into one validated plan. */
import type OpenAI from 'openai';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { describeTarget, planTarget, totalDuration } from '../plan/target.js';
import type { Planner } from './analyzer.js';
import { chatJson } from './chat-json.js';
import type { Limiter } from '../domain/limiter.js';
import { createOpenAiClient } from './openai-client.js';
import { checkPlan } from './plan-schema.js';
import { planMessages, planRepairPrompt } from './prompts/plan-prompt.js';
import { isPlanReady, planVideos } from './ready-videos.js';
import { DEFAULT_RETRY, type RetryOptions } from './retry.js';
import { usageEntry } from './usage-entry.js';

/** What the AI planner needs; `client`, `retry` and `limiter` are for tests and sharing. */
export interface OpenAiPlannerDeps {
  config: Config;
  log: Logger;
  client?: OpenAI;
  retry?: Partial<RetryOptions>;
  limiter?: Limiter;
}

/** Output budget of a plan answer: 50 clips with reasons fit easily. */
const PLAN_MAX_TOKENS = 4096;

/** Creates the AI planner for `config.ai.textModel`. */
export function createOpenAiPlanner(deps: OpenAiPlannerDeps): Planner {
  const { config, log } = deps;
  const client = deps.client ?? createOpenAiClient(config.ai);
  const retry: RetryOptions = { ...DEFAULT_RETRY, ...deps.retry };
  const model = config.ai.textModel;
  return {
    async plan(input, control) {
      const ready = input.videos.filter(isPlanReady);
      if (ready.length === 0) throw new Error('no ready video to plan from');
      const videos = planVideos(ready);
      const target = planTarget(videos, input.batch.targetDurationSeconds);
      control.onProgress(0.1, `asking ${model} for a plan`);
      log.info({ batchId: input.batch.id, model, videos: ready.length }, 'plan request');
      const run = () =>
        chatJson({
          client,
          model,
          messages: planMessages({ videos: ready, customPrompt: input.customPrompt, target, language: input.batch.language }),
          jsonMode: true,
          maxTokens: PLAN_MAX_TOKENS,
          validate: (value) => checkPlan(value, videos, target),
          repairPrompt: (problems) => planRepairPrompt(problems, target),
          retry,
          signal: control.signal,
          secrets: [config.ai.apiKey],
          operation: 'plan generation',
          onRetry: (info) => log.warn({ batchId: input.batch.id, ...info }, 'plan retry'),
        });
      const result = deps.limiter ? await deps.limiter.run(run, control.signal) : await run();
      control.onProgress(1, `plan with ${result.value.clips.length} clips`);
      // Off target after the repair: the plan is still a plan; the note tells the person.
      const note = result.keptDespite
        ? `kept although it misses the target length: ${totalDuration(result.value).toFixed(1)} s for a target of ${describeTarget(target)}`
        : null;
      if (note) log.warn({ batchId: input.batch.id, note }, 'plan kept off target');
      return {
        plan: result.value,
        origin: 'AI',
        note,
        usage: result.usages.map((u) => usageEntry({ stage: 'PLAN_GENERATION', model, usage: u, prices: config.ai.prices, videoIndex: null })),
      };
    },
  };
}
