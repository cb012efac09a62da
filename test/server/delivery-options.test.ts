/** FINAL_URL_EXPIRY_SECONDS on the final link, and Paraformer refused up front only when no route can bring it the audio. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { paraformerReachability } from '../../src/pipeline/batch-input.js';
import { fixtureStages } from '../support/fixture-stages.js';
import { gql, startTestApp, type TestApp } from '../support/test-app.js';
import { collect, wsClient } from '../support/ws-client.js';

describe('Paraformer with local storage', () => {
  const base = { AI_API_KEY: 'k', ASR_PROVIDER: 'paraformer', DATA_DIR: '/tmp/x', MEDIA_ROOTS: '/tmp/x' };
  it('works through DashScope’s temporary upload (Beijing endpoint) or a public link; refused only when neither can, saying what to configure', () => {
    expect(paraformerReachability(loadConfig(base))).toBeNull();
    expect(paraformerReachability(loadConfig({ ...base, PUBLIC_BASE_URL: 'http://127.0.0.1:4000' }))).toBeNull();
    const intl = { ...base, ASR_BASE_URL: 'https://dashscope-intl.aliyuncs.com' };
    expect(paraformerReachability(loadConfig(intl))).toMatch(/only the China \(Beijing\) endpoint[\s\S]*ASR_BASE_URL=https:\/\/dashscope\.aliyuncs\.com[\s\S]*STORAGE_DRIVER=oss[\s\S]*PUBLIC_BASE_URL/);
    expect(paraformerReachability(loadConfig({ ...intl, PUBLIC_BASE_URL: 'https://clips.example.com' }))).toBeNull();
    expect(paraformerReachability(loadConfig({ ...intl, ASR_PROVIDER: 'openai' }))).toBeNull();
  });
});

describe('final link lifetime', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      env: { FINAL_URL_EXPIRY_SECONDS: '600', AI_API_KEY: 'k', ASR_PROVIDER: 'paraformer', ASR_BASE_URL: 'https://dashscope-intl.aliyuncs.com' },
      patch: () => ({ stages: fixtureStages() }),
    });
    fs.writeFileSync(path.join(t.mediaRoot, 'a.mp4'), 'fake');
  });
  afterAll(async () => t?.stop());

  it('createBatch with enableAsr where no route can work is a ValidationError on enableAsr', async () => {
    const { data } = await gql(t.url, `mutation ($input: CreateBatchInput!) { createBatch(input: $input) { __typename ... on ValidationError { field message } } }`, {
      input: { sources: [{ type: 'LOCAL', path: 'a.mp4' }], enableAsr: true },
    });
    expect(data.createBatch).toMatchObject({ __typename: 'ValidationError', field: 'enableAsr' });
  });

  it('the final video’s link lives FINAL_URL_EXPIRY_SECONDS', async () => {
    const { data } = await gql(t.url, `mutation ($input: CreateBatchInput!) { createBatch(input: $input) { ... on CreateBatchPayload { batch { id } } } }`, {
      input: { sources: [{ type: 'LOCAL', path: 'a.mp4' }], autoApprove: true },
    });
    const id = data.createBatch.batch.id;
    await collect(wsClient(t.url), `subscription ($id: ID!) { batchProgress(batchId: $id) { status } }`, { id });
    const b = (await gql(t.url, `query ($id: ID!) { batch(id: $id) { status completedAt finalVideo { expiresAt } } }`, { id })).data.batch;
    expect(b.status, JSON.stringify(b)).toBe('COMPLETED');
    const lifetime = (Date.parse(b.finalVideo.expiresAt) - Date.parse(b.completedAt)) / 1000;
    // Signed during FINAL_UPLOAD, just before completion: 600 s less the cleanup step.
    expect(lifetime, JSON.stringify(b)).toBeGreaterThan(500);
    expect(lifetime, JSON.stringify(b)).toBeLessThanOrEqual(600);
  });
});
