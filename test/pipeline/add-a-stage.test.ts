/**
 * Adding a stage is one definition and one registry line: a trivial per-video
 * stage that records a marker runs in its place in every video's chain, reports
 * progress and is retried, with no other change to the runner.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../src/db/client.js';
import type { Stage } from '../../src/domain/statuses.js';
import { defineStage } from '../../src/pipeline/define-stage.js';
import type { BatchProgressEvent } from '../../src/pipeline/events.js';
import type { StageRegistry } from '../../src/pipeline/registry.js';
import { fixtureRunner } from '../support/fixture-runner.js';
import { fixtureStages } from '../support/fixture-stages.js';

let dir: string;
let db: Db;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'autoclip-add-stage-'));
  db = createDb(path.join(dir, 'autoclip.db'));
});
afterAll(() => {
  db.$client.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('a stage added to the registry', () => {
  it('runs after compression and before the temp upload, with progress and a retry', async () => {
    const attempts = new Map<number, number>();
    const order: string[] = [];
    const marked: { index: number; compressed: boolean; temp: boolean }[] = [];

    // The whole stage: one definition...
    const markerStage = defineStage({
      // Not in the public vocabulary; the runner treats it like any other stage.
      name: 'MARKER' as Stage,
      scope: 'video',
      retries: 1,
      weight: 10,
      labels: { action: 'marking', short: 'mark' },
      videoStatus: 'COMPRESSING',
      batchStatus: () => 'COMPRESSING',
      done: (v) => fs.existsSync(path.join(v.workDir, `marker_${v.index}`)),
      async run(video, _batch, _deps, control) {
        const n = (attempts.get(video.index) ?? 0) + 1;
        attempts.set(video.index, n);
        if (n === 1) throw new Error('flaky marker');
        control.onProgress(0.5, `marking video ${video.index}`);
        marked.push({ index: video.index, compressed: !!video.compressed, temp: !!video.temp });
        fs.writeFileSync(path.join(video.workDir, `marker_${video.index}`), 'marked');
        return { marked: true };
      },
      save: () => ({ video: {} }),
    });
    const fixtures = fixtureStages();
    // ...and one registry line.
    const registry: StageRegistry = [...fixtures.slice(0, 2), markerStage, ...fixtures.slice(2)].map((s) => ({
      ...s,
      run: async (...args: unknown[]) => {
        const subject = args[0] as { index?: number };
        order.push(`${s.name}${subject.index !== undefined ? `:${subject.index}` : ''}`);
        return (s.run as (...a: unknown[]) => Promise<unknown>)(...args);
      },
    })) as StageRegistry;

    const { runner, batches, bus, createBatch } = fixtureRunner({ dir, db, files: ['a.mp4', 'b.mp4'], stages: registry, retryBaseDelayMs: 1 });
    const batch = createBatch();
    const events: BatchProgressEvent[] = [];
    const stream = bus.subscribe('batch:progress', batch.id);
    const collecting = (async () => {
      for await (const e of stream) {
        events.push(e);
        if (e.status === 'COMPLETED') break;
      }
    })();
    runner.start(batch.id);
    await runner.idle(batch.id);
    await collecting;
    await runner.close();

    expect(batches.get(batch.id)!.status).toBe('COMPLETED');
    // In order in each video's chain: after compression, before the temp upload.
    for (const i of [0, 1]) {
      const chain = order.filter((o) => o.endsWith(`:${i}`)).map((o) => o.split(':')[0]);
      expect(chain).toEqual(['PREPARATION', 'COMPRESSION', 'MARKER', 'MARKER', 'TEMP_UPLOAD', 'VL_ANALYSIS']);
    }
    expect(marked.map((m) => ({ compressed: m.compressed, temp: m.temp }))).toEqual([
      { compressed: true, temp: false },
      { compressed: true, temp: false },
    ]);
    expect(order.slice(-4)).toEqual(['PLAN_GENERATION', 'RENDERING', 'FINAL_UPLOAD', 'CLEANUP']);
    // Retried once per video, with the driver's message, and its progress reported.
    const messages = events.filter((e) => e.stage === ('MARKER' as Stage)).map((e) => e.message);
    expect(messages).toEqual(expect.arrayContaining(['video 0: marking attempt 1 failed (flaky marker), retrying', 'marking video 1']));
    // Its weight is part of the percent, which never goes back and ends at 100.
    const percents = events.map((e) => e.progress);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    expect(percents.at(-1)).toBe(100);
  });
});
