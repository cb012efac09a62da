/** The runner across restarts and cancellation, and auth on both transports. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { withRuns } from '../../src/pipeline/registry.js';
import { fixtureStages, Gate } from '../support/fixture-stages.js';
import { gql, startTestApp, type TestApp } from '../support/test-app.js';
import { collect, sse, wsClient } from '../support/ws-client.js';

const CREATE = `mutation ($input: CreateBatchInput!) { createBatch(input: $input) { __typename ... on CreateBatchPayload { batch { id } } ... on Error { message } } }`;
const STATUS = `query ($id: ID!) { batch(id: $id) { status error videos { status } stages { stage status } } }`;
const PROGRESS = `subscription ($id: ID!) { batchProgress(batchId: $id) { status stage progress videoIndex message } }`;

let apps: TestApp[] = [];
afterEach(async () => {
  await Promise.all(apps.map((a) => a.stop()));
  apps = [];
});

function pgrep(marker: string): string {
  try {
    return execFileSync('pgrep', ['-af', marker], { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}

describe('restart', () => {
  it('a batch stopped mid-compression resumes on the next start and completes without redoing finished work', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'autoclip-restart-'));
    const calls: Record<string, number> = {};
    const gate = new Gate();
    const first = await startTestApp({ dir, patch: () => ({ stages: fixtureStages({ gates: { compressVideo: gate }, calls }) }) });
    fs.writeFileSync(path.join(first.mediaRoot, 'a.mp4'), 'x');
    const { data } = await gql(first.url, CREATE, { input: { sources: [{ type: 'LOCAL', path: 'a.mp4' }], autoApprove: true } });
    const id = data.createBatch.batch.id;
    await gate.reached;
    expect((await gql(first.url, STATUS, { id })).data.batch.status).toBe('COMPRESSING');
    await first.stop();
    expect(calls.prepareVideo).toBe(1);

    const second = await startTestApp({ dir, patch: () => ({ stages: fixtureStages({ calls }) }) });
    apps.push(second);
    const events = await collect(wsClient(second.url), PROGRESS, { id });
    expect(events.at(-1).batchProgress.status).toBe('COMPLETED');
    expect(calls.prepareVideo).toBe(1); // preparation was stored and not redone
    expect(calls.compressVideo).toBe(2);
  });
});

describe('cancel', () => {
  it('kills a running ffmpeg, leaves no process and no work directory', async () => {
    const marker = `autoclip-cancel-${process.pid}-${Date.now()}`;
    let encoding!: () => void;
    const started = new Promise<void>((r) => (encoding = r));
    const t = await startTestApp({
      patch: () => ({
        stages: withRuns({
          async COMPRESSION(video, _b, deps, control) {
            const out = path.join(video.workDir, `${marker}.mp4`);
            fs.mkdirSync(video.workDir, { recursive: true });
            await deps.pool.ffmpeg(
              {
                args: ['-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=30', '-t', '600', '-c:v', 'libx264', '-preset', 'veryslow', '-metadata', `title=${marker}`, out],
                inputDurationSeconds: 600,
                cleanupPaths: [out],
                group: video.batchId,
              },
              { signal: control.signal, onProgress: (p) => { control.onProgress(p.fraction ?? 0); encoding(); } },
            );
            throw new Error('the encode should have been cancelled');
          },
        }, fixtureStages()),
      }),
    });
    apps.push(t);
    fs.writeFileSync(path.join(t.mediaRoot, 'a.mp4'), 'x');
    const { data } = await gql(t.url, CREATE, { input: { sources: [{ type: 'LOCAL', path: 'a.mp4' }] } });
    const id = data.createBatch.batch.id;
    await started;
    expect(pgrep(marker)).not.toBe('');
    const res = await gql(t.url, 'mutation ($id: ID!) { cancelBatch(id: $id) { __typename ... on CancelBatchPayload { batch { status } } } }', { id });
    expect(res.data.cancelBatch).toEqual({ __typename: 'CancelBatchPayload', batch: { status: 'CANCELLED' } });
    expect(pgrep(marker)).toBe('');
    const raw = Buffer.from(id, 'base64').toString().split(':')[1]!;
    expect(fs.existsSync(path.join(t.config.dataDir, 'work', raw))).toBe(false);
    const q = await gql(t.url, STATUS, { id });
    expect(q.data.batch.videos[0].status).toBe('FAILED');
    const retry = await gql(t.url, 'mutation ($id: ID!) { retryBatch(id: $id) { __typename ... on RetryBatchPayload { batch { status } } } }', { id });
    expect(retry.data.retryBatch.__typename).toBe('RetryBatchPayload');
    await gql(t.url, 'mutation ($id: ID!) { cancelBatch(id: $id) { __typename } }', { id });
  });
});

describe('auth', () => {
  it('refuses to start on a non-loopback address without tokens', () => {
    expect(() => loadConfig({ HOST: '0.0.0.0' })).toThrow(/API_TOKENS/);
    expect(loadConfig({ HOST: '0.0.0.0', API_TOKENS: 'a,b' }).authRequired).toBe(true);
    expect(loadConfig({ HOST: '0.0.0.0', AUTH_DISABLED: 'true' }).authRequired).toBe(false);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ ANALYZER: 'openai' })).toThrow(/AI_API_KEY/);
  });

  it('requires the bearer token on HTTP, SSE and WebSocket when tokens are set', async () => {
    const t = await startTestApp({ env: { API_TOKENS: 'secret-token' }, patch: () => ({ stages: fixtureStages() }) });
    apps.push(t);
    const denied = await gql(t.url, '{ health { ok } }', {}, { allowErrors: true });
    expect(denied.status).toBe(401);
    const wrong = await gql(t.url, '{ health { ok } }', {}, { allowErrors: true, headers: { authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
    const ok = await gql(t.url, '{ health { ok } }', {}, { headers: { authorization: 'Bearer secret-token' } });
    expect(ok.data.health.ok).toBe(true);
    await expect(sse(t.url, PROGRESS, { id: 'x' })).rejects.toThrow(/401/);

    await expect(collect(wsClient(t.url), PROGRESS, { id: 'x' })).rejects.toMatchObject({ code: 4403 });
    const authed = wsClient(t.url, { authorization: 'Bearer secret-token' });
    await expect(collect(authed, PROGRESS, { id: 'x' })).rejects.toThrow(/no batch/);
  });
});
