/** The server end to end with pass-through stages: createBatch, queries, subscriptions over WS and SSE, review flow. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureStages, Gate, type FixtureOptions } from '../support/fixture-stages.js';
import { gql, startTestApp, type TestApp } from '../support/test-app.js';
import { collect, sse, wsClient } from '../support/ws-client.js';

const CREATE = /* GraphQL */ `
  mutation ($input: CreateBatchInput!) {
    createBatch(input: $input) {
      __typename
      ... on CreateBatchPayload { batch { id status videos { index status } } }
      ... on ValidationError { message field sourceIndex }
    }
  }
`;
const PROGRESS = /* GraphQL */ `
  subscription ($id: ID!) { batchProgress(batchId: $id) { batchId status stage progress videoIndex itemsDone itemsTotal message } }
`;
const BATCH = /* GraphQL */ `
  query ($id: ID!) {
    batch(id: $id) {
      id status progress currentStage error
      stages { stage status itemsDone itemsTotal }
      videos { index status error durationSeconds compression { ratio } }
      clipPlan { version status origin totalDurationSeconds clips { videoIndex start end } }
      clipPlanVersions { version }
      renders { planVersion status url }
      finalVideo { url durationSeconds width height }
      compressionSummary { originalBytes compressedBytes averageRatio originalTokens compressedTokens tokenSavingsPercent tokenRule }
    }
  }
`;

let t: TestApp;
// Tests set gates here to hold a batch at a stage until they are listening.
const gates: FixtureOptions['gates'] = {};
const files: string[] = [];

beforeAll(async () => {
  t = await startTestApp({ patch: () => ({ stages: fixtureStages({ gates }) }) });
  for (const name of ['a.mp4', 'b.mp4', 'c.mp4']) {
    const p = path.join(t.mediaRoot, name);
    fs.writeFileSync(p, `fake ${name}`);
    files.push(p);
  }
});
afterAll(async () => t?.stop());

describe('createBatch', () => {
  it('creates a batch and runs it to COMPLETED with autoApprove, events in stage order', async () => {
    const gate = (gates.prepareVideo = new Gate());
    const { data } = await gql(t.url, CREATE, { input: { sources: [{ type: 'LOCAL', path: 'a.mp4' }, { type: 'LOCAL', path: files[1] }], autoApprove: true } });
    expect(data.createBatch.__typename).toBe('CreateBatchPayload');
    const id = data.createBatch.batch.id;
    let listening!: () => void;
    const subscribed = new Promise<void>((r) => (listening = r));
    const stream = collect(wsClient(t.url), PROGRESS, { id }, () => {
      listening();
      return false;
    });
    // The first event is the state at subscription time; let the batch go once it has arrived.
    await Promise.all([gate.reached, subscribed]);
    delete gates.prepareVideo;
    gate.release();
    const events = await stream;
    const statuses = events.map((e) => e.batchProgress.status);
    expect(statuses.at(-1)).toBe('COMPLETED');
    expect(events.at(-1).batchProgress.progress).toBe(100);
    // Statuses never go back once the per-video stages are over.
    const order = ['GENERATING_PLAN', 'CLIPPING', 'MERGING', 'UPLOADING_FINAL', 'CLEANUP', 'COMPLETED'];
    const seen = statuses.filter((s) => order.includes(s));
    const ranks = seen.map((s) => order.indexOf(s));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(new Set(seen)).toEqual(new Set(order));
    const progress = events.map((e) => e.batchProgress.progress);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));

    const { data: q } = await gql(t.url, BATCH, { id });
    expect(q.batch.status).toBe('COMPLETED');
    expect(q.batch.stages.map((s: any) => s.status)).toEqual(['COMPLETED', 'COMPLETED', 'COMPLETED', 'COMPLETED', 'COMPLETED', 'SKIPPED', 'COMPLETED', 'COMPLETED', 'COMPLETED']);
    expect(q.batch.videos.map((v: any) => v.status)).toEqual(['READY', 'READY']);
    expect(q.batch.clipPlan).toMatchObject({ version: 1, status: 'APPROVED', origin: 'OFFLINE', totalDurationSeconds: 20 });
    expect(q.batch.finalVideo).toMatchObject({ durationSeconds: 20, width: 1920, height: 1080 });
    expect(q.batch.compressionSummary.originalTokens).toBeGreaterThan(0);
    const download = await fetch(q.batch.finalVideo.url);
    expect(await download.text()).toBe('rendered');
  });

  it('refuses bad input with a typed error naming the field and source, creating nothing', async () => {
    const before = (await gql(t.url, '{ batches(first: 100) { edges { node { id } } } }')).data.batches.edges.length;
    const cases: [unknown, string, number | null][] = [
      [{ sources: [] }, 'sources', null],
      [{ sources: Array.from({ length: 11 }, () => ({ type: 'LOCAL', path: 'a.mp4' })) }, 'sources', null],
      [{ sources: [{ type: 'LOCAL', path: 'a.mp4' }], tempUrlExpirySeconds: 100 }, 'tempUrlExpirySeconds', null],
      [{ sources: [{ type: 'LOCAL', path: 'a.mp4' }], output: { mode: 'RECOMPRESS', fps: 0 } }, 'output.fps', null],
      [{ sources: [{ type: 'LOCAL', path: 'a.mp4' }], output: { resolution: '999p' } }, 'output.resolution', null],
      [{ sources: [{ type: 'LOCAL', path: 'a.mp4' }], output: { bitrate: 'fast' } }, 'output.bitrate', null],
      [{ sources: [{ type: 'LOCAL', path: 'a.mp4' }], customPrompt: 'x'.repeat(2001) }, 'customPrompt', null],
      [{ sources: [{ type: 'LOCAL', path: 'a.mp4' }], webhookUrl: 'ftp://example.com/hook' }, 'webhookUrl', null],
      [{ sources: [{ type: 'LOCAL', path: 'a.mp4' }], webhookUrl: 'http://127.0.0.1:9/hook' }, 'webhookUrl', null],
      [{ sources: [{ type: 'LOCAL', path: 'a.mp4' }], enableAsr: true }, 'enableAsr', null],
      [{ sources: [{ type: 'LOCAL', path: 'a.mp4' }, { type: 'LOCAL', path: 'missing.mp4' }] }, 'sources.path', 1],
      [{ sources: [{ type: 'LOCAL', path: '../../../etc/passwd' }] }, 'sources.path', 0],
      [{ sources: [{ type: 'LOCAL' }] }, 'sources.path', 0],
      [{ sources: [{ type: 'URL', url: 'ftp://example.com/a.mp4' }] }, 'sources.url', 0],
      [{ sources: [{ type: 'URL', url: 'http://127.0.0.1:9/a.mp4' }] }, 'sources.url', 0],
      [{ sources: [{ type: 'OSS', url: 'not-an-oss-url' }] }, 'sources.url', 0],
    ];
    for (const [input, field, sourceIndex] of cases) {
      const { data } = await gql(t.url, CREATE, { input });
      expect(data.createBatch.__typename, JSON.stringify(input).slice(0, 100)).toBe('ValidationError');
      expect(data.createBatch.field).toBe(field);
      expect(data.createBatch.sourceIndex).toBe(sourceIndex);
      expect(data.createBatch.message.length).toBeGreaterThan(10);
    }
    const after = (await gql(t.url, '{ batches(first: 100) { edges { node { id } } } }')).data.batches.edges.length;
    expect(after).toBe(before);
  });
});

describe('subscriptions', () => {
  it('first event is the current state, over WebSocket and SSE alike', async () => {
    const { data } = await gql(t.url, CREATE, { input: { sources: [{ type: 'LOCAL', path: 'c.mp4' }] } });
    const id = data.createBatch.batch.id;
    // Without autoApprove the batch rests at AWAITING_APPROVAL.
    await collect(wsClient(t.url), PROGRESS, { id }, (e) => e.batchProgress.status === 'AWAITING_APPROVAL');
    const [first] = await collect(wsClient(t.url), PROGRESS, { id }, () => true);
    expect(first.batchProgress).toMatchObject({ batchId: id, status: 'AWAITING_APPROVAL', stage: 'APPROVAL' });
    const updated = await collect(wsClient(t.url), 'subscription ($id: ID!) { batchUpdated(id: $id) { id status clipPlan { version } } }', { id }, () => true);
    expect(updated[0].batchUpdated).toMatchObject({ id, status: 'AWAITING_APPROVAL', clipPlan: { version: 1 } });

    // SSE: approve, then follow to the end.
    const stream = sse(t.url, PROGRESS, { id });
    const approved = await gql(t.url, 'mutation ($id: ID!) { approveClipPlan(batchId: $id, expectedVersion: 1) { __typename } }', { id });
    expect(approved.data.approveClipPlan.__typename).toBe('ApproveClipPlanPayload');
    const events = await stream;
    expect(events[0].batchProgress.status).toMatch(/AWAITING_APPROVAL|CLIPPING/);
    expect(events.at(-1).batchProgress.status).toBe('COMPLETED');
  });

  it('many subscribers of one batch (several sockets, two on one socket) get the same events, in order, then complete', async () => {
    const { data } = await gql(t.url, CREATE, { input: { sources: [{ type: 'LOCAL', path: 'c.mp4' }] } });
    const id = data.createBatch.batch.id;
    await collect(wsClient(t.url), PROGRESS, { id }, (e) => e.batchProgress.status === 'AWAITING_APPROVAL');
    const clients = [wsClient(t.url), wsClient(t.url), wsClient(t.url)];
    const subscriptions = [...clients, clients[0]!].map((client) => {
      const values: Array<{ status: string; progress: number; message: string | null }> = [];
      let first!: () => void;
      const started = new Promise<void>((r) => (first = r));
      const done = new Promise<typeof values>((resolve, reject) =>
        client.subscribe<{ batchProgress: (typeof values)[number] }>(
          { query: PROGRESS, variables: { id } },
          { next: (v) => (values.push(v.data!.batchProgress), first()), error: reject, complete: () => resolve(values) },
        ),
      );
      return { started, done };
    });
    await Promise.all(subscriptions.map((s) => s.started));
    await gql(t.url, 'mutation ($id: ID!) { approveClipPlan(batchId: $id, expectedVersion: 1) { __typename } }', { id });
    const all = await Promise.all(subscriptions.map((s) => s.done));
    const strip = (vs: (typeof all)[number]) => vs.map(({ status, progress, message }) => ({ status, progress, message }));
    expect(all[0]!.at(-1)!.status).toBe('COMPLETED');
    expect(all[0]!.length).toBeGreaterThan(2);
    for (const vs of all) expect(strip(vs)).toEqual(strip(all[0]!));
    await Promise.all(clients.map((c) => c.dispose()));
  });

  it('an unknown batch gives an error, not a hanging stream', async () => {
    const client = wsClient(t.url);
    await expect(collect(client, PROGRESS, { id: 'QmF0Y2g6bm9wZQ==' })).rejects.toThrow(/no batch/);
  });
});

describe('plan review', () => {
  const UPDATE = /* GraphQL */ `
    mutation ($input: UpdateClipPlanInput!) {
      updateClipPlan(input: $input) {
        __typename
        ... on UpdateClipPlanPayload { clipPlan { version origin status totalDurationSeconds } batch { status } }
        ... on VersionConflictError { message currentVersion }
        ... on ValidationError { message field clipIndex }
        ... on InvalidStateError { message status }
      }
    }
  `;
  const APPROVE = /* GraphQL */ `
    mutation ($id: ID!, $v: Int!) {
      approveClipPlan(batchId: $id, expectedVersion: $v) {
        __typename
        ... on Error { message }
        ... on ApproveClipPlanPayload { clipPlan { version status } }
      }
    }
  `;

  it('refuses stale and invalid edits, renders a valid one, and renders again after completion', async () => {
    const { data } = await gql(t.url, CREATE, { input: { sources: [{ type: 'LOCAL', path: 'a.mp4' }, { type: 'LOCAL', path: 'b.mp4' }] } });
    const id = data.createBatch.batch.id;
    await collect(wsClient(t.url), PROGRESS, { id }, (e) => e.batchProgress.status === 'AWAITING_APPROVAL');

    const clips = [
      { videoIndex: 1, start: 0, end: 10, reason: 'b first' },
      { videoIndex: 0, start: 0, end: 9.8, reason: 'then a' },
    ];
    const stale = await gql(t.url, UPDATE, { input: { batchId: id, expectedVersion: 0, theme: 'edit', clips } });
    expect(stale.data.updateClipPlan).toMatchObject({ __typename: 'VersionConflictError', currentVersion: 1 });

    const invalid = await gql(t.url, UPDATE, {
      input: { batchId: id, expectedVersion: 1, theme: 'edit', clips: [clips[0], { videoIndex: 0, start: 5, end: 12, reason: 'past the end' }] },
    });
    expect(invalid.data.updateClipPlan).toMatchObject({ __typename: 'ValidationError', clipIndex: 1 });
    expect(invalid.data.updateClipPlan.message).toMatch(/clip 1/);

    const unknownVideo = await gql(t.url, UPDATE, { input: { batchId: id, expectedVersion: 1, theme: 'edit', clips: [{ videoIndex: 7, start: 0, end: 5 }] } });
    expect(unknownVideo.data.updateClipPlan).toMatchObject({ __typename: 'ValidationError', clipIndex: 0 });

    const ok = await gql(t.url, UPDATE, { input: { batchId: id, expectedVersion: 1, theme: 'edit', clips } });
    expect(ok.data.updateClipPlan).toMatchObject({ __typename: 'UpdateClipPlanPayload', clipPlan: { version: 2, origin: 'USER', status: 'DRAFT' } });

    const staleApprove = await gql(t.url, APPROVE, { id, v: 1 });
    expect(staleApprove.data.approveClipPlan.__typename).toBe('VersionConflictError');
    const done = collect(wsClient(t.url), PROGRESS, { id });
    expect((await gql(t.url, APPROVE, { id, v: 2 })).data.approveClipPlan).toMatchObject({ clipPlan: { version: 2, status: 'APPROVED' } });
    expect((await done).at(-1).batchProgress.status).toBe('COMPLETED');

    const inRender = await gql(t.url, APPROVE, { id, v: 2 });
    expect(inRender.data.approveClipPlan.__typename).toBe('ApproveClipPlanPayload'); // COMPLETED: approving again renders again
    await collect(wsClient(t.url), PROGRESS, { id });
    const q = await gql(t.url, BATCH, { id });
    expect(q.data.batch.clipPlanVersions.map((v: any) => v.version)).toEqual([1, 2]);
    expect(q.data.batch.renders.map((r: any) => r.status)).toEqual(['COMPLETED', 'COMPLETED']);
    expect(q.data.batch.renders[0].url).not.toBe(q.data.batch.renders[1].url);
    expect(q.data.batch.finalVideo.durationSeconds).toBeCloseTo(19.8, 5);

    const cancelDone = await gql(t.url, 'mutation ($id: ID!) { cancelBatch(id: $id) { __typename ... on InvalidStateError { status } } }', { id });
    expect(cancelDone.data.cancelBatch).toEqual({ __typename: 'InvalidStateError', status: 'COMPLETED' });
    const missing = await gql(t.url, 'mutation { retryBatch(id: "nope") { __typename ... on NotFoundError { id message } } }');
    expect(missing.data.retryBatch.__typename).toBe('NotFoundError');
  });
});

describe('queries', () => {
  it('pages batches newest first and filters by status', async () => {
    const page1 = await gql(t.url, '{ batches(first: 2) { edges { cursor node { id createdAt } } pageInfo { hasNextPage endCursor } } }');
    expect(page1.data.batches.edges).toHaveLength(2);
    expect(page1.data.batches.pageInfo.hasNextPage).toBe(true);
    const page2 = await gql(t.url, 'query ($after: String) { batches(first: 2, after: $after) { edges { node { id createdAt } } } }', {
      after: page1.data.batches.pageInfo.endCursor,
    });
    const all = [...page1.data.batches.edges, ...page2.data.batches.edges].map((e: any) => e.node);
    expect(new Set(all.map((n: any) => n.id)).size).toBe(all.length);
    const times = all.map((n: any) => Date.parse(n.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const completed = await gql(t.url, '{ batches(first: 50, status: COMPLETED) { totalCount edges { node { status } } } }');
    expect(completed.data.batches.edges.every((e: any) => e.node.status === 'COMPLETED')).toBe(true);
    expect(completed.data.batches.totalCount).toBe(completed.data.batches.edges.length);
    const everything = await gql(t.url, '{ batches(first: 1) { totalCount } }');
    expect(everything.data.batches.totalCount).toBeGreaterThanOrEqual(all.length);
  });

  it('answers health, profiles, node and /healthz', async () => {
    const { data } = await gql(t.url, '{ health { ok ffmpeg { path version source } storage { ok } database { ok } } compressionProfiles { name maxShortSide fps videoBitrate } }');
    expect(data.health.ok).toBe(true);
    expect(data.health.ffmpeg.version).toMatch(/ffmpeg version/);
    expect(data.compressionProfiles.map((p: any) => p.name)).toEqual(['AGGRESSIVE', 'BALANCED', 'CONSERVATIVE']);
    const res = await fetch(`${t.url}/healthz`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as any).database.ok).toBe(true);
    const list = await gql(t.url, '{ batches(first: 1) { edges { node { id videos { id } } } } }');
    const node = list.data.batches.edges[0].node;
    const viaNode = await gql(t.url, 'query ($id: ID!) { node(id: $id) { __typename id } }', { id: node.videos[0].id });
    expect(viaNode.data.node).toEqual({ __typename: 'Video', id: node.videos[0].id });
  });

  it('refuses queries that are too deep or too aliased, without closing the WebSocket', async () => {
    const deep = '{ batches(first: 1) { edges { node { clipPlan { clips { video { analysis { highlights { label } scenes { description } } } } } } } } }';
    expect((await gql(t.url, deep)).errors).toBeUndefined();
    const viaNode = `{ node(id: "QmF0Y2g6eA==") { ... on Batch { clipPlan { clips { video { analysis { highlights { label } } } } } } } }`;
    expect((await gql(t.url, viaNode)).errors).toBeUndefined();
    const depth13 = `{ node(id: "QmF0Y2g6eA==") { ... on Batch { clipPlan { clips { video { analysis { highlights { label } } } } } ${'clipPlanVersions { clips { ' .repeat(6)}id${' } }'.repeat(6)} } } }`;
    const refusedDepth = await gql(t.url, depth13, {}, { allowErrors: true });
    expect(refusedDepth.errors?.[0]?.message).toMatch(/depth/i);
    const aliases = `{ ${Array.from({ length: 20 }, (_, i) => `a${i}: health { ok }`).join(' ')} }`;
    const refused = await gql(t.url, aliases, {}, { allowErrors: true });
    expect(refused.errors?.[0]?.message).toMatch(/alias/i);
    const client = wsClient(t.url);
    const many = `subscription { ${Array.from({ length: 20 }, (_, i) => `a${i}: batchProgress(batchId: "x") { status }`).join(' ')} }`;
    await expect(collect(client, many, {})).rejects.toThrow(/alias/i);
    // The same socket still serves the next operation.
    const list = await gql(t.url, '{ batches(first: 1) { edges { node { id } } } }');
    const id = list.data.batches.edges[0].node.id;
    const [first] = await collect(client, PROGRESS, { id }, () => true);
    expect(first.batchProgress.batchId).toBe(id);
  });
});
