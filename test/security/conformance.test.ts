/**
 * What the conformance suites ask for: graphql-http's GraphQL-over-HTTP audit passes in
 * full, and graphql-sse works in its single-connection mode beside the distinct one, on
 * /graphql/stream — behind the token, the CSRF rule and error masking like every path.
 */
import { createClient } from 'graphql-sse';
import { auditServer } from 'graphql-http';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureStages } from '../support/fixture-stages.js';
import { gql, startTestApp, type TestApp } from '../support/test-app.js';
import { raw } from './raw-http.js';

const TOKEN = 'tok-conformance';
const AUTH = { authorization: `Bearer ${TOKEN}` };
let t: TestApp;
let batchId: string;

beforeAll(async () => {
  t = await startTestApp({ env: { API_TOKENS: TOKEN }, patch: () => ({ stages: fixtureStages({}) }) });
  fs.writeFileSync(path.join(t.mediaRoot, 'a.mp4'), 'fake');
  const { data } = await gql(t.url, `mutation C($input: CreateBatchInput!) { createBatch(input: $input) { ... on CreateBatchPayload { batch { id } } } }`, { input: { sources: [{ type: 'LOCAL', path: 'a.mp4' }] } }, { headers: AUTH });
  batchId = data.createBatch.batch.id;
});
afterAll(async () => t?.stop());

it('passes the graphql-http audit in full', async () => {
  const results = await auditServer({ url: `${t.url}/graphql`, fetchFn: (input: RequestInfo | URL, init?: RequestInit) => fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), ...AUTH } }) });
  const failed = results.filter((r) => r.status === 'error');
  expect(failed.map((r) => `${r.id} ${r.name}: ${'reason' in r ? r.reason : ''}`)).toEqual([]);
});

describe('graphql-sse on /graphql/stream', () => {
  const client = (singleConnection: boolean) => createClient({ url: `${t.url}/graphql/stream`, singleConnection, headers: { ...AUTH }, retryAttempts: 0 }) // the client writes its stream token into the object;

  it('single-connection mode carries two subscriptions and a query at once', async () => {
    const c = client(true);
    try {
      const first = (query: string) => c.iterate({ query, variables: { id: batchId } })[Symbol.asyncIterator]().next();
      const [a, b, q] = await Promise.all([
        first('subscription A($id: ID!) { batchUpdated(id: $id) { id } }'),
        first('subscription B($id: ID!) { batchProgress(batchId: $id) { batchId } }'),
        first('query Q { __typename }'),
      ]);
      expect((a.value as any).data.batchUpdated.id).toBe(batchId);
      expect((b.value as any).data.batchProgress.batchId).toBe(batchId);
      expect((q.value as any).data.__typename).toBe('Query');
    } finally {
      c.dispose();
    }
  });

  it('distinct-connections mode works too', async () => {
    const c = client(false);
    try {
      const r = await c.iterate({ query: 'query Q { __typename }' })[Symbol.asyncIterator]().next();
      expect((r.value as any).data.__typename).toBe('Query');
    } finally {
      c.dispose();
    }
  });

  it('needs the token, and the CSRF header for a plain GET', async () => {
    expect((await raw(t.url, 'PUT', '/graphql/stream')).status).toBe(401);
    expect((await raw(t.url, 'POST', '/graphql/stream', { 'content-type': 'application/json', accept: 'text/event-stream' }, JSON.stringify({ query: '{ __typename }' }))).status).toBe(401);
    const get = await raw(t.url, 'GET', `/graphql/stream?query=${encodeURIComponent('{ __typename }')}`, { ...AUTH, accept: 'text/event-stream' });
    expect(get.status).toBe(403);
    expect(get.body).toMatch(/x-graphql-yoga-csrf/);
  });

  it('answers a refused query with its GraphQL error, never a stack trace', async () => {
    // graphql-armor throws from validation on too many aliases; yoga's packaged plugin answered 500 with the stack.
    const aliases = Array.from({ length: 20 }, (_, i) => `a${i}: health { ok }`).join(' ');
    const res = await fetch(`${t.url}/graphql/stream`, { method: 'POST', headers: { ...AUTH, 'content-type': 'application/json', accept: 'text/event-stream' }, body: JSON.stringify({ query: `query Many { ${aliases} }` }) });
    const body = await res.text(); // the stream ends after the one result
    expect(res.status).toBeLessThan(500);
    expect(body).toMatch(/aliases/i);
    expect(body).not.toMatch(/\n\s+at |node_modules/);
  });
});
