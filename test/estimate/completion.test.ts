/**
 * estimatedCompletionAt: the pure estimate against a hand computation, the
 * throughput tracker, and a real server whose clock and tracker the test
 * owns (the fixture stages move the clock), so nothing depends on wall time.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { remainingSeconds, UNKNOWN_VIDEO_SECONDS, type CompletionInput } from '../../src/estimate/completion.js';
import { DEFAULT_RATES, ThroughputTracker } from '../../src/estimate/throughput.js';
import { withRuns, type StageRuns } from '../../src/pipeline/registry.js';
import { rawId } from '../../src/schema/ids.js';
import { fixtureRuns, Gate, type FixtureOptions } from '../support/fixture-stages.js';
import { gql, startTestApp, type TestApp } from '../support/test-app.js';

const local = (status: CompletionInput['videos'][number]['status'], durationSeconds: number | null) => ({
  status,
  remote: false,
  durationSeconds,
  sizeBytes: null,
  profile: 'BALANCED' as const,
});

describe('the completion estimate (pure)', () => {
  const base: CompletionInput = { status: 'QUEUED', videos: [], planSeconds: null, targetDurationSeconds: 30, workerThreads: 2, analysisConcurrency: 3 };

  it('a new batch of one 60 s LOCAL video: every stage at the default rates', () => {
    const input = { ...base, videos: [local('PENDING', 60)] };
    // prepare 1 + compress 60/2 + temp upload 1 + analysis 20; plan 10; render 30/0.5; final upload 2.
    expect(remainingSeconds(input, DEFAULT_RATES)).toBe(1 + 30 + 1 + 20 + 10 + 60 + 2);
  });

  it('many videos: the pool bounds the compression, the model concurrency the analysis', () => {
    const videos = Array.from({ length: 6 }, () => local('PENDING', 60));
    // Longest chain 52 s; compression 6 × 30 s on 2 threads = 90 s; analysis 6 × 20 s at 3 at once = 40 s.
    expect(remainingSeconds({ ...base, videos }, DEFAULT_RATES)).toBe(90 + 10 + 60 + 2);
  });

  it('counts only what is left, and uses the plan once there is one', () => {
    const input: CompletionInput = { ...base, status: 'VL_ANALYZING', videos: [local('READY', 60), local('ANALYZING', 60)] };
    expect(remainingSeconds(input, DEFAULT_RATES)).toBe(20 + 10 + 60 + 2);
    expect(remainingSeconds({ ...input, status: 'CLIPPING', planSeconds: 12 }, DEFAULT_RATES)).toBe(24 + 2);
    expect(remainingSeconds({ ...input, status: 'UPLOADING_FINAL' }, DEFAULT_RATES)).toBe(2);
  });

  it('a remote video of unknown length: the assumed length at 8 Mbit/s over the download rate', () => {
    const input = { ...base, videos: [{ ...local('PENDING', null), remote: true }] };
    const download = (UNKNOWN_VIDEO_SECONDS * 1_000_000) / DEFAULT_RATES.downloadBytesPerSecond;
    expect(remainingSeconds(input, DEFAULT_RATES)).toBeCloseTo(download + UNKNOWN_VIDEO_SECONDS / 2 + 1 + 20 + 10 + 60 + 2, 6);
  });

  it('nothing while the plan awaits approval or after the end', () => {
    for (const status of ['AWAITING_APPROVAL', 'COMPLETED', 'FAILED', 'CANCELLED'] as const) {
      expect(remainingSeconds({ ...base, status, videos: [local('READY', 60)] }, DEFAULT_RATES)).toBeNull();
    }
  });
});

describe('the throughput tracker', () => {
  it('defaults until measured, then total work over total wall time (latencies: the mean)', () => {
    const t = new ThroughputTracker();
    expect(t.rates()).toEqual(DEFAULT_RATES);
    t.record({ kind: 'compression', profile: 'BALANCED', videoSeconds: 10, wallSeconds: 2 });
    t.record({ kind: 'compression', profile: 'BALANCED', videoSeconds: 30, wallSeconds: 8 });
    t.record({ kind: 'analysis', wallSeconds: 4 });
    t.record({ kind: 'analysis', wallSeconds: 6 });
    t.record({ kind: 'render', outputSeconds: 20, wallSeconds: -1 }); // nonsense: ignored
    const r = t.rates();
    expect(r.compressionSpeed).toEqual({ AGGRESSIVE: 4, BALANCED: 4, CONSERVATIVE: 1 });
    expect(r.analysisSeconds).toBe(5);
    expect(r.renderSpeed).toBe(DEFAULT_RATES.renderSpeed);
  });
});

describe('estimatedCompletionAt on a running server (injected clock and tracker)', () => {
  let t: TestApp;
  let clock = Date.parse('2026-01-01T00:00:00Z');
  const tracker = new ThroughputTracker();
  // Each stage moves the clock by a fixed amount: that is the throughput the server measures
  // (one video per batch, so no two stages share the clock's moves).
  const STEP_SECONDS: Record<string, number> = { PREPARATION: 0.5, COMPRESSION: 2.5, TEMP_UPLOAD: 0.5, VL_ANALYSIS: 3, PLAN_GENERATION: 1, RENDERING: 10, FINAL_UPLOAD: 1 };
  const gates: NonNullable<FixtureOptions['gates']> = {};
  const runs = fixtureRuns({ gates });
  const timed = Object.fromEntries(
    Object.entries(runs).map(([name, run]) => [
      name,
      async (...args: unknown[]) => {
        const out = await (run as (...a: unknown[]) => Promise<unknown>)(...args);
        clock += (STEP_SECONDS[name] ?? 0) * 1000;
        return out;
      },
    ]),
  ) as StageRuns;

  beforeAll(async () => {
    t = await startTestApp({ patch: () => ({ stages: withRuns(timed), now: () => new Date(clock), throughput: tracker }) });
    fs.writeFileSync(path.join(t.mediaRoot, 'a.mp4'), 'not a video');
  });
  afterAll(async () => {
    await t?.stop();
  });

  const create = async () => {
    const { data } = await gql(
      t.url,
      `mutation Create($input: CreateBatchInput!) { createBatch(input: $input) { __typename ... on CreateBatchPayload { batch { id createdAt estimatedCompletionAt } } } }`,
      { input: { sources: [{ type: 'LOCAL', path: 'a.mp4' }], autoApprove: true, targetDurationSeconds: 20 } },
    );
    return data.createBatch.batch as { id: string; createdAt: string; estimatedCompletionAt: string | null };
  };
  const finish = async (id: string) => {
    await t.app.runner.idle(rawId(id, 'Batch')!);
    const { data } = await gql(t.url, `query B($id: ID!) { batch(id: $id) { status completedAt estimatedCompletionAt } }`, { id });
    return data.batch as { status: string; completedAt: string; estimatedCompletionAt: string | null };
  };
  const secondsAfter = (b: { createdAt: string; estimatedCompletionAt: string | null }) => (Date.parse(b.estimatedCompletionAt!) - Date.parse(b.createdAt)) / 1000;

  it('from the moment of creation, at default rates; a COMPLETED batch shows its end', async () => {
    const first = await create();
    // The fake file cannot be probed: a video of unknown length (120 s).
    // Chain: 1 + 120/2 + 1 + 20 = 82 s; plan 10; render 20 s at 0.5×; final upload 2.
    expect(secondsAfter(first)).toBe(82 + 10 + 40 + 2);
    const done = await finish(first.id);
    expect(done.status).toBe('COMPLETED');
    expect(done.estimatedCompletionAt).toBe(done.completedAt);
  });

  it('a new batch follows the throughput measured on the first', async () => {
    const r = tracker.rates();
    expect(r.compressionSpeed.BALANCED).toBe(10 / 2.5); // the fixture probe says 10 s
    expect(r.analysisSeconds).toBe(3);
    expect(r.renderSpeed).toBe(10 / 10); // the fixture plan is the whole 10 s video
    const second = await create();
    // Chain: 0.5 + 120/4 + 0.5 + 3 = 34 s; plan 1; render 20 s at 1×; final upload 1.
    expect(secondsAfter(second)).toBe(34 + 1 + 20 + 1);
    await finish(second.id);
  });

  it('updated as stages finish, and published with batch updates', async () => {
    gates.prepareVideo = undefined;
    gates.compressVideo = new Gate();
    gates.uploadTemp = new Gate();
    const b = await create();
    const id = rawId(b.id, 'Batch')!;
    const created = Date.parse(b.createdAt);
    const at = () => (t.app.batches.get(id)!.estimatedCompletionAt!.getTime() - created) / 1000;
    let updates = 0;
    const sub = t.app.bus.subscribe('batch:updated', id);
    void (async () => {
      for await (const _ of sub) updates++;
    })();

    await gates.compressVideo.reached;
    // Prepared (0.5 s): the probe says 10 s, so compression 2.5 + 0.5 + 3 + 1, a 10 s render (the
    // target is capped by the footage) at 1×, + 1 are left.
    expect(at()).toBe(0.5 + 18);
    const before = updates;
    STEP_SECONDS.COMPRESSION = 20.5; // this time compression runs 18 s longer than measured
    gates.compressVideo.release();
    await gates.uploadTemp.reached;
    expect(at()).toBe(0.5 + 20.5 + Math.ceil(15.5)); // the work left is rounded up to whole seconds
    expect(updates).toBeGreaterThan(before);
    gates.uploadTemp.release();
    const done = await finish(b.id);
    expect(done.estimatedCompletionAt).toBe(done.completedAt);
  });
});
