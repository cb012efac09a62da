/**
 * Every retry count means retries: N retries are N + 1 attempts. Each stage of
 * the real registry is made to fail every time in a real runner over real
 * SQLite, and its calls are counted.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../src/db/client.js';
import type { Stage } from '../../src/domain/statuses.js';
import { STAGE_REGISTRY, withRuns, type StageRuns } from '../../src/pipeline/registry.js';
import { fixtureRunner } from '../support/fixture-runner.js';
import { fixtureRuns } from '../support/fixture-stages.js';

/** The design's retry counts, LOCAL preparation and rendering included (docs/architecture.md, "Retries"). */
const RETRIES: Record<Stage, number> = {
  PREPARATION: 3,
  COMPRESSION: 2,
  TEMP_UPLOAD: 3,
  VL_ANALYSIS: 2,
  PLAN_GENERATION: 2,
  APPROVAL: 0,
  RENDERING: 2,
  FINAL_UPLOAD: 3,
  CLEANUP: 0,
};

let dir: string;
let db: Db;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'autoclip-retries-'));
  db = createDb(path.join(dir, 'autoclip.db'));
});
afterAll(() => {
  db.$client.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Runs one LOCAL batch whose `failing` stage always throws a retryable error; returns how often it ran and how the batch ended. */
async function runFailing(failing: keyof StageRuns): Promise<{ calls: number; status: string }> {
  let calls = 0;
  const runs: StageRuns = {
    ...fixtureRuns(),
    [failing]: async () => {
      calls++;
      throw new Error(`${failing} is down`);
    },
  };
  const { runner, batches, createBatch } = fixtureRunner({ dir, db, files: ['a.mp4'], stages: withRuns(runs), retryBaseDelayMs: 0 });
  const batch = createBatch();
  runner.start(batch.id);
  await runner.idle(batch.id);
  await runner.close();
  return { calls, status: batches.get(batch.id)!.status };
}

describe('retry counts are retries: N retries, N + 1 attempts', () => {
  it('the registry states the design’s counts', () => {
    for (const stage of STAGE_REGISTRY) expect([stage.name, stage.retries]).toEqual([stage.name, RETRIES[stage.name]]);
  });

  for (const stage of ['PREPARATION', 'COMPRESSION', 'TEMP_UPLOAD', 'VL_ANALYSIS', 'PLAN_GENERATION', 'RENDERING', 'FINAL_UPLOAD'] as const) {
    it(`${stage}: ${RETRIES[stage]} retries are ${RETRIES[stage] + 1} attempts, then the batch fails`, async () => {
      const { calls, status } = await runFailing(stage);
      expect(calls).toBe(RETRIES[stage] + 1);
      expect(status).toBe('FAILED');
    });
  }
});
