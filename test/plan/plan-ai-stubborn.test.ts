/**
 * A model that will not meet the length target does not fail the batch: the
 * runner keeps its plan after one repair request, with a note, and the batch
 * completes. The model is the local OpenAI-compatible stand-in; media work is
 * done by the fixture stages.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withRuns } from '../../src/pipeline/registry.js';
import { startFakeOpenAi, type FakeOpenAi } from '../support/fake-openai.js';
import { fixtureRuns } from '../support/fixture-stages.js';
import { gql, startTestApp, type TestApp } from '../support/test-app.js';
import { collect, wsClient } from '../support/ws-client.js';

let t: TestApp;
let fake: FakeOpenAi;
beforeAll(async () => {
  fake = await startFakeOpenAi();
  t = await startTestApp({
    env: { AI_BASE_URL: fake.baseUrl, AI_API_KEY: 'sk-test-stubborn' },
    // Media work is faked; PLAN_GENERATION is the real stage with the real AI planner.
    patch: () => ({ stages: withRuns({ ...fixtureRuns(), PLAN_GENERATION: undefined }) }),
  });
  for (const name of ['a.mp4', 'b.mp4', 'c.mp4']) fs.writeFileSync(path.join(t.mediaRoot, name), `fake ${name}`);
});
afterAll(async () => {
  await t?.stop();
  await fake?.close();
});

describe('an AI plan off target', () => {
  it('an 8 s plan for a 30 s target, unchanged after the repair: the batch completes with the plan and a note', async () => {
    const short = { theme: '进球', clips: [{ videoIndex: 1, start: 1, end: 9, reason: '进球瞬间' }] };
    fake.enqueue({ kind: 'json', body: short }, { kind: 'json', body: short });
    const { data } = await gql(t.url, `mutation ($input: CreateBatchInput!) { createBatch(input: $input) { ... on CreateBatchPayload { batch { id language } } } }`, {
      input: { sources: ['a.mp4', 'b.mp4', 'c.mp4'].map((p) => ({ type: 'LOCAL', path: p })), targetDurationSeconds: 30, autoApprove: true, customPrompt: '只要进球' },
    });
    const id = data.createBatch.batch.id;
    // The custom prompt is Chinese: so is the batch.
    expect(data.createBatch.batch.language).toBe('ZH');
    await collect(wsClient(t.url), `subscription ($id: ID!) { batchProgress(batchId: $id) { status } }`, { id });
    const b = (await gql(t.url, `query ($id: ID!) { batch(id: $id) { status error clipPlan { origin note totalDurationSeconds } usage { byStage { stage calls } } } }`, { id })).data.batch;
    expect(b.status, b.error).toBe('COMPLETED');
    expect(b.clipPlan).toMatchObject({ origin: 'AI', totalDurationSeconds: 8 });
    expect(b.clipPlan.note).toBe('kept although it misses the target length: 8.0 s for a target of about 30.0 s');
    expect(b.usage.byStage).toContainEqual({ stage: 'PLAN_GENERATION', calls: 2 });
    // The server's start-up check of the model endpoint is a GET; the plan calls are the POSTs.
    const calls = fake.requests.filter((r) => r.method === 'POST');
    expect(calls).toHaveLength(2);
    expect(String(calls[0]!.messages[0]!.content)).toContain('简体中文');
    expect(String(calls[1]!.messages.at(-1)!.content)).toContain('[TOTAL_TOO_SHORT]');
  }, 60_000);
});
