/** The webhook outbox end to end: a signed delivery after two 503s, and a delivery that survives a restart. */
import fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyWebhook } from '../../src/webhooks/sign.js';
import { fixtureStages } from '../support/fixture-stages.js';
import { gql, startTestApp, type TestApp } from '../support/test-app.js';
import { collect, wsClient } from '../support/ws-client.js';

const SECRET = 'whsec_' + Buffer.from('test-secret-of-32-bytes-length!!').toString('base64');

interface Received {
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A receiver answering from a list of status codes (the last one repeats). */
async function receiver(statuses: number[]): Promise<{ url: string; got: Received[]; server: Server; next: (n: number) => Promise<void> }> {
  const got: Received[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      got.push({ headers: req.headers, body });
      res.statusCode = statuses[Math.min(got.length - 1, statuses.length - 1)]!;
      res.end();
      for (const w of waiters.filter((w) => got.length >= w.n)) w.resolve();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    got,
    server,
    next: (n) => (got.length >= n ? Promise.resolve() : new Promise((resolve) => waiters.push({ n, resolve }))),
  };
}

const env = { ALLOW_PRIVATE_URLS: 'true', WEBHOOK_SECRET: SECRET, WEBHOOK_BASE_DELAY_MS: '20' };
const CREATE = `mutation ($input: CreateBatchInput!) { createBatch(input: $input) { ... on CreateBatchPayload { batch { id } } } }`;
const DELIVERIES = `query ($id: ID!) { batch(id: $id) { webhookDeliveries { id event status attemptCount attempts { statusCode error durationMs } } } }`;

let apps: TestApp[] = [];
let servers: Server[] = [];
afterEach(async () => {
  await Promise.all(apps.map((a) => a.stop()));
  for (const s of servers) s.close();
  apps = [];
  servers = [];
});

describe('webhook delivery', () => {
  it('retries 503 twice, then delivers once, signed, with three attempts recorded', async () => {
    const hook = await receiver([503, 503, 200]);
    servers.push(hook.server);
    const t = await startTestApp({ env, patch: () => ({ stages: fixtureStages() }) });
    apps.push(t);
    fs.writeFileSync(path.join(t.mediaRoot, 'a.mp4'), 'x');
    const { data } = await gql(t.url, CREATE, { input: { sources: [{ type: 'LOCAL', path: 'a.mp4' }], autoApprove: true, webhookUrl: hook.url } });
    const id = data.createBatch.batch.id;
    await collect(wsClient(t.url), `subscription ($id: ID!) { batchProgress(batchId: $id) { status } }`, { id });
    await hook.next(3);

    const last = hook.got[2]!;
    const payload = JSON.parse(last.body);
    expect(payload).toMatchObject({ event: 'batch.completed', batchId: id, status: 'COMPLETED', error: null });
    expect(payload.finalVideoUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/files\/processed\//);
    const signed = { id: String(last.headers['webhook-id']), timestamp: String(last.headers['webhook-timestamp']), signature: String(last.headers['webhook-signature']), body: last.body };
    expect(verifyWebhook(SECRET, signed)).toBe(true);
    expect(verifyWebhook(SECRET, { ...signed, body: last.body.replace('COMPLETED', 'FAILED') })).toBe(false);
    // Every retry carries the same id, so the receiver can deduplicate.
    expect(new Set(hook.got.map((g) => g.headers['webhook-id'])).size).toBe(1);

    const q = await gql(t.url, DELIVERIES, { id });
    const [delivery] = q.data.batch.webhookDeliveries;
    expect(delivery).toMatchObject({ event: 'batch.completed', status: 'DELIVERED', attemptCount: 3 });
    expect(delivery.attempts.map((a: any) => a.statusCode)).toEqual([503, 503, 200]);
    expect(hook.got).toHaveLength(3);
  });

  it('WEBHOOK_RETRIES=2 means 3 attempts, then FAILED', async () => {
    const hook = await receiver([503]);
    servers.push(hook.server);
    const t = await startTestApp({ env: { ...env, WEBHOOK_RETRIES: '2' }, patch: () => ({ stages: fixtureStages() }) });
    apps.push(t);
    expect(t.config.webhook.retries).toBe(2);
    fs.writeFileSync(path.join(t.mediaRoot, 'a.mp4'), 'x');
    const { data } = await gql(t.url, CREATE, { input: { sources: [{ type: 'LOCAL', path: 'a.mp4' }], webhookUrl: hook.url } });
    const id = data.createBatch.batch.id;
    await hook.next(3);
    // The third answer is recorded right after it arrives; a FAILED delivery is never tried again.
    let delivery: any;
    do delivery = (await gql(t.url, DELIVERIES, { id })).data.batch.webhookDeliveries[0];
    while (delivery.status === 'PENDING');
    expect(delivery).toMatchObject({ event: 'batch.awaiting_approval', status: 'FAILED', attemptCount: 3 });
    expect(hook.got).toHaveLength(3);
  });

  it('a delivery pending when the server stops goes out after the next start', async () => {
    const down = await receiver([503]);
    servers.push(down.server);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'autoclip-hook-'));
    const first = await startTestApp({ dir, env: { ...env, WEBHOOK_BASE_DELAY_MS: '200' }, patch: () => ({ stages: fixtureStages() }) });
    fs.writeFileSync(path.join(first.mediaRoot, 'a.mp4'), 'x');
    const { data } = await gql(first.url, CREATE, { input: { sources: [{ type: 'LOCAL', path: 'a.mp4' }], webhookUrl: down.url } });
    const id = data.createBatch.batch.id;
    await down.next(1); // batch.awaiting_approval, refused with 503
    await first.stop();

    // The endpoint comes back at the same address.
    const port = Number(new URL(down.url).port);
    down.server.close();
    const up = await receiverOn(port);
    servers.push(up.server);
    const second = await startTestApp({ dir, env: { ...env, WEBHOOK_BASE_DELAY_MS: '200' }, patch: () => ({ stages: fixtureStages() }) });
    apps.push(second);
    await up.next(1);
    expect(JSON.parse(up.got[0]!.body).event).toBe('batch.awaiting_approval');
    const q = await gql(second.url, DELIVERIES, { id });
    expect(q.data.batch.webhookDeliveries[0]).toMatchObject({ status: 'DELIVERED' });
    expect(q.data.batch.webhookDeliveries[0].attempts.at(-1).statusCode).toBe(200);
  });
});

/** A 200 receiver on a given port. */
async function receiverOn(port: number) {
  const got: Received[] = [];
  let notify: () => void = () => {};
  const arrived = new Promise<void>((r) => (notify = r));
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      got.push({ headers: req.headers, body });
      res.end();
      notify();
    });
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return { got, server, next: (_n: number) => arrived };
}
