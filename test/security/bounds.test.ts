/**
 * Everything a client sends or reads is bounded: field lengths, plan versions kept,
 * list-aware query cost, subscriptions per socket, event streams per client; and a
 * client's bad pagination argument is a typed error saying what to send.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureStages } from '../support/fixture-stages.js';
import { gql, startTestApp, type TestApp } from '../support/test-app.js';
import { collect, wsClient } from '../support/ws-client.js';
import { raw } from './raw-http.js';

const CREATE = `mutation Create($input: CreateBatchInput!) { createBatch(input: $input) { __typename ... on CreateBatchPayload { batch { id } } ... on ValidationError { message field sourceIndex } } }`;
const UPDATE = `mutation Update($input: UpdateClipPlanInput!) { updateClipPlan(input: $input) { __typename ... on UpdateClipPlanPayload { clipPlan { version } } ... on ValidationError { message field clipIndex } } }`;
const PROGRESS = `subscription P($id: ID!) { batchProgress(batchId: $id) { status } }`;

let t: TestApp;
let batchId: string;
let version = 1;
const clips = (reason = 'fine') => [
  { videoIndex: 0, start: 0, end: 9.8, reason },
  { videoIndex: 1, start: 0, end: 9.8, reason: 'b' },
];

beforeAll(async () => {
  t = await startTestApp({
    env: { PLAN_VERSIONS_KEPT: '5', RENDERS_PER_BATCH: '2', MAX_SUBSCRIPTIONS_PER_CONNECTION: '3', MAX_SSE_STREAMS_PER_CLIENT: '2' },
    patch: () => ({ stages: fixtureStages({}) }),
  });
  for (const name of ['a.mp4', 'b.mp4']) fs.writeFileSync(path.join(t.mediaRoot, name), `fake ${name}`);
  const { data } = await gql(t.url, CREATE, { input: { sources: [{ type: 'LOCAL', path: 'a.mp4' }, { type: 'LOCAL', path: 'b.mp4' }] } });
  batchId = data.createBatch.batch.id;
  await collect(wsClient(t.url), PROGRESS, { id: batchId }, (e) => e.batchProgress.status === 'AWAITING_APPROVAL');
});
afterAll(async () => t?.stop());

describe('string lengths', () => {
  it('a clip reason over 500 characters and a theme over 200 are refused, naming the field', async () => {
    const reason = await gql(t.url, UPDATE, { input: { batchId, expectedVersion: version, theme: 'x', clips: clips('r'.repeat(501)) } });
    expect(reason.data.updateClipPlan).toMatchObject({ __typename: 'ValidationError', clipIndex: 0 });
    expect(reason.data.updateClipPlan.message).toMatch(/at most 500/);
    const theme = await gql(t.url, UPDATE, { input: { batchId, expectedVersion: version, theme: 't'.repeat(201), clips: clips() } });
    expect(theme.data.updateClipPlan).toMatchObject({ __typename: 'ValidationError', field: 'theme' });
  });

  it('paths and URLs over 4 KB are refused before anything is touched', async () => {
    const long = 'a/'.repeat(2100) + 'x.mp4';
    const p = await gql(t.url, CREATE, { input: { sources: [{ type: 'LOCAL', path: long }] } });
    expect(p.data.createBatch).toMatchObject({ __typename: 'ValidationError', field: 'sources.path', sourceIndex: 0 });
    expect(p.data.createBatch.message).toMatch(/at most 4096/);
    const u = await gql(t.url, CREATE, { input: { sources: [{ type: 'URL', url: `https://example.com/${'q'.repeat(5000)}` }] } });
    expect(u.data.createBatch).toMatchObject({ __typename: 'ValidationError', field: 'sources.url' });
    const w = await gql(t.url, CREATE, { input: { sources: [{ type: 'LOCAL', path: 'a.mp4' }], webhookUrl: `https://example.com/${'w'.repeat(5000)}` } });
    expect(w.data.createBatch).toMatchObject({ __typename: 'ValidationError', field: 'webhookUrl' });
  });
});

describe('plan versions', () => {
  it('keeps PLAN_VERSIONS_KEPT, pruning the oldest drafts, and pages them', async () => {
    for (let i = 0; i < 7; i++) {
      const res = await gql(t.url, UPDATE, { input: { batchId, expectedVersion: version, theme: `edit ${i}`, clips: clips() } });
      expect(res.data.updateClipPlan.__typename).toBe('UpdateClipPlanPayload');
      version = res.data.updateClipPlan.clipPlan.version;
    }
    expect(version).toBe(8);
    const q = await gql(t.url, `query V($id: ID!) { batch(id: $id) { clipPlanVersionCount all: clipPlanVersions { version } page: clipPlanVersions(first: 2, afterVersion: 5) { version } } }`, { id: batchId });
    expect(q.data.batch.clipPlanVersionCount).toBe(5);
    expect(q.data.batch.all.map((v: { version: number }) => v.version)).toEqual([4, 5, 6, 7, 8]);
    expect(q.data.batch.page.map((v: { version: number }) => v.version)).toEqual([6, 7]);
    const bad = await gql(t.url, `query V($id: ID!) { batch(id: $id) { clipPlanVersions(first: 0) { version } } }`, { id: batchId }, { allowErrors: true });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('query cost', () => {
  const aliases = Array.from({ length: 15 }, (_, i) => `v${i}: clipPlanVersions { theme clips { reason start end video { id } } }`).join(' ');
  const AMPLIFY = `query Amplify($id: ID!) { batch(id: $id) { ${aliases} } }`;

  it('the alias fan-out over every version and clip is refused before it runs (HTTP)', async () => {
    const res = await gql(t.url, AMPLIFY, { id: batchId }, { allowErrors: true });
    expect(res.data).toBeUndefined();
    expect(res.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COSTLY');
    expect(res.errors?.[0]?.message).toMatch(/fewer items with `first`/);
  });

  it('and over graphql-ws, without closing the socket', async () => {
    const client = wsClient(t.url);
    await expect(collect(client, AMPLIFY, { id: batchId })).rejects.toThrow(/would cost/);
    const ok = await collect(client, 'query Ok { __typename }', {});
    expect(ok).toEqual([{ __typename: 'Query' }]);
    await client.dispose();
  });

  it('a page of batches with their plans stays allowed', async () => {
    const res = await gql(t.url, `query Page { batches(first: 20) { edges { node { id videos { index status } clipPlan { clips { reason } } } } } }`);
    expect(res.data.batches.edges.length).toBeGreaterThan(0);
  });
});

describe('live streams', () => {
  it('a socket holds at most MAX_SUBSCRIPTIONS_PER_CONNECTION subscriptions', async () => {
    const client = wsClient(t.url);
    const open: (() => void)[] = [];
    const firsts = Array.from({ length: 3 }, () => new Promise<void>((resolve, reject) => {
      open.push(client.subscribe({ query: `subscription U($id: ID!) { batchUpdated(id: $id) { id } }`, variables: { id: batchId } }, { next: () => resolve(), error: reject, complete: () => {} }));
    }));
    await Promise.all(firsts);
    await expect(collect(client, `subscription U($id: ID!) { batchUpdated(id: $id) { id } }`, { id: batchId })).rejects.toThrow(/MAX_SUBSCRIPTIONS_PER_CONNECTION/);
    open[0]!();
    const again = await collect(client, `subscription U($id: ID!) { batchUpdated(id: $id) { id } }`, { id: batchId }, () => true);
    expect(again).toHaveLength(1);
    open.slice(1).forEach((d) => d());
    await client.dispose();
  });

  it('a client holds at most MAX_SSE_STREAMS_PER_CLIENT event streams', async () => {
    const body = JSON.stringify({ query: `subscription U($id: ID!) { batchUpdated(id: $id) { id } }`, variables: { id: batchId } });
    const headers = { 'content-type': 'application/json', accept: 'text/event-stream' };
    const streams = await Promise.all([0, 1].map(() => fetch(`${t.url}/graphql`, { method: 'POST', headers, body })));
    expect(streams.map((s) => s.status)).toEqual([200, 200]);
    const third = await raw(t.url, 'POST', '/graphql', headers, body);
    expect(third.status).toBe(429);
    expect(third.body).toMatch(/MAX_SSE_STREAMS_PER_CLIENT/);
    expect(third.body).toMatch(/TOO_MANY_STREAMS/);
    for (const s of streams) await s.body?.cancel();
  });
});

describe('pagination arguments', () => {
  it.each([
    ['after: "garbage"', 'after', /not a cursor this API gave out/],
    ['first: 0', 'first', /between 1 and 100/],
    ['first: -5', 'first', /between 1 and 100/],
    ['first: 1000', 'first', /between 1 and 100/],
    ['last: 3', 'last', /forward only/],
    ['before: "x"', 'before', /forward only/],
  ])('batches(%s) is a typed error', async (args, argument, message) => {
    const res = await gql(t.url, `query B { batches(${args}) { totalCount } }`, {}, { allowErrors: true });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
    expect(res.errors?.[0]?.message).toMatch(message);
  });
});

describe('renders per batch', () => {
  const APPROVE = `mutation A($id: ID!, $v: Int!) { approveClipPlan(batchId: $id, expectedVersion: $v) { __typename ... on Error { message } } }`;
  const STATUS = `query S($id: ID!) { batch(id: $id) { status renders { id } } }`;

  it('keeps at most RENDERS_PER_BATCH renders; the next approval is refused saying what to do', async () => {
    const current = async () => (await gql(t.url, `query V($id: ID!) { batch(id: $id) { clipPlan { version } } }`, { id: batchId })).data.batch.clipPlan.version as number;
    for (let render = 1; render <= 2; render++) {
      if (render > 1) {
        const edited = await gql(t.url, UPDATE, { input: { batchId, expectedVersion: await current(), theme: `render ${render}`, clips: clips() } });
        expect(edited.data.updateClipPlan.__typename).toBe('UpdateClipPlanPayload');
      }
      const ok = await gql(t.url, APPROVE, { id: batchId, v: await current() });
      expect(ok.data.approveClipPlan.__typename).toBe('ApproveClipPlanPayload');
      await collect(wsClient(t.url), PROGRESS, { id: batchId }, (e) => e.batchProgress.status === 'COMPLETED');
    }
    const edited = await gql(t.url, UPDATE, { input: { batchId, expectedVersion: await current(), theme: 'one too many', clips: clips() } });
    expect(edited.data.updateClipPlan.__typename).toBe('UpdateClipPlanPayload');
    const refused = await gql(t.url, APPROVE, { id: batchId, v: await current() });
    expect(refused.data.approveClipPlan.__typename).toBe('InvalidStateError');
    expect(refused.data.approveClipPlan.message).toMatch(/2 renders.*RENDERS_PER_BATCH.*new batch/);
    const after = await gql(t.url, STATUS, { id: batchId });
    // The edit still waits for approval (it can be exported as a timeline); the two renders stay.
    expect(after.data.batch).toMatchObject({ status: 'AWAITING_APPROVAL' });
    expect(after.data.batch.renders).toHaveLength(2);
  });
});
