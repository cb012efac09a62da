/**
 * Deny-by-default auth: with API_TOKENS set, no spelling of the GraphQL path reaches
 * the API without a token (HTTP, SSE, GET), and /healthz tells an anonymous caller
 * only that the process is alive.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLoopbackHost } from '../../src/config.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
const TOKEN = 'tok-spelling';

beforeAll(async () => {
  t = await startTestApp({ env: { API_TOKENS: TOKEN } });
});
afterAll(async () => t?.stop());

/** Sends the request with its path exactly as given (no client-side normalization). */
function raw(method: string, rawPath: string, headers: Record<string, string> = {}, body?: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(t.url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: hostname, port, method, path: rawPath, headers }, (res) => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        data += c;
        // SSE streams stay open; the status and first bytes are enough.
        if (res.headers['content-type']?.includes('text/event-stream')) req.destroy();
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: data }));
      res.on('close', () => resolve({ status: res.statusCode ?? 0, body: data }));
    });
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

const QUERY = JSON.stringify({ query: '{ batches(first: 1) { totalCount } }' });
const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json' };
const SPELLINGS = [
  '/graphql',
  '/graphql/',
  '//graphql',
  '//graphql/',
  '/GRAPHQL',
  '/GraphQL/',
  '/%67raphql',
  '/graphql%2F',
  '/./graphql',
  '/x/../graphql',
  '/graphql/.',
  '/graphql?x=1',
  '/graphql;x',
  '/graphql/stream',
  '///graphql',
];

describe('every spelling of the endpoint needs a token', () => {
  it.each(SPELLINGS)('POST %s without a token gets no data', async (p) => {
    const res = await raw('POST', p, JSON_HEADERS, QUERY);
    expect(res.body).not.toMatch(/totalCount/);
    expect([401, 404, 405]).toContain(res.status);
  });

  it.each(SPELLINGS)('GET %s?query= without a token gets no data', async (p) => {
    const sep = p.includes('?') ? '&' : '?';
    const res = await raw('GET', `${p}${sep}query=${encodeURIComponent('{ batches(first: 1) { totalCount } }')}`, { accept: 'application/json' });
    expect(res.body).not.toMatch(/totalCount/);
    expect([401, 404, 405]).toContain(res.status);
  });

  it.each(SPELLINGS)('SSE on %s without a token is refused', async (p) => {
    const sep = p.includes('?') ? '&' : '?';
    const q = encodeURIComponent('subscription { batchUpdated { id } }');
    const res = await raw('GET', `${p}${sep}query=${q}`, { accept: 'text/event-stream' });
    expect(res.status).not.toBe(200);
  });

  it('a GET for the GraphiQL page with an operation in it is not public', async () => {
    const q = encodeURIComponent('{ batches(first: 1) { totalCount } }');
    const res = await raw('GET', `/graphql?query=${q}`, { accept: 'text/html, application/json' });
    expect(res.body).not.toMatch(/"totalCount"/);
  });

  it('the same request with the token works', async () => {
    const res = await raw('POST', '/graphql', { ...JSON_HEADERS, authorization: `Bearer ${TOKEN}` }, QUERY);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body).data.batches.totalCount).toBe(0);
  });

  it('an unsigned /files/ path is refused by the link check, never the API', async () => {
    const res = await raw('POST', '/files/../graphql/x', JSON_HEADERS, QUERY);
    expect(res.body).not.toMatch(/totalCount/);
    const unsigned = await raw('GET', '/files/anything');
    expect([403, 404]).toContain(unsigned.status);
  });
});

describe('/healthz', () => {
  it('answers liveness only without a token, details with one', async () => {
    const anon = await raw('GET', '/healthz');
    expect(anon.status).toBe(200);
    expect(JSON.parse(anon.body)).toEqual({ ok: true });
    const full = await raw('GET', '/healthz', { authorization: `Bearer ${TOKEN}` });
    const report = JSON.parse(full.body);
    expect(report.version).toBeDefined();
    expect(report.ffmpeg.path).toBeDefined();
  });

  it("yoga's built-in /health answer is off: nothing outside the public list answers without a token", async () => {
    for (const p of ['/health', '/graphql/health', '/x/health']) {
      const res = await raw('GET', p);
      expect(res.status, p).toBe(401);
    }
  });

  it('other spellings of /healthz need a token', async () => {
    for (const p of ['/healthz/', '//healthz', '/HEALTHZ']) {
      const res = await raw('GET', p);
      expect(res.body, p).not.toMatch(/ffmpeg/);
    }
  });
});

describe('HOST counts as loopback only when it is one', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['localhost', true],
    ['LOCALHOST', true],
    ['::1', true],
    ['[::1]', true],
    ['::ffff:127.0.0.1', true],
    ['127.evil.example', false],
    ['127.0.0.1.nip.io', false],
    ['127.1', false],
    ['0.0.0.0', false],
    ['::', false],
    ['192.168.1.10', false],
    ['localhost.example', false],
  ])('%s → %s', (host, expected) => {
    expect(isLoopbackHost(host as string)).toBe(expected);
  });
});
