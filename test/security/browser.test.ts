/**
 * Browsers cannot drive the server: a foreign Origin gets no CORS and no answer
 * (preflight, JSON, form, multipart, text/plain, WebSocket), form-like POSTs need the
 * CSRF header, and a rebinding Host is not served on a loopback bind. The server's own
 * origin, CORS_ORIGINS and PUBLIC_BASE_URL keep working.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { raw, wsProbe } from './raw-http.js';

let t: TestApp;
let cors: TestApp;
const EVIL = 'http://evil.example';
const ALLOWED = 'https://review.example.com';
const MUTATION = 'mutation { cancelBatch(id: "QmF0Y2g6eA") { __typename } }';
const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json' };

beforeAll(async () => {
  t = await startTestApp();
  cors = await startTestApp({ env: { CORS_ORIGINS: ALLOWED, PUBLIC_BASE_URL: 'http://autoclip.test:8080' } });
});
afterAll(async () => {
  await t?.stop();
  await cors?.stop();
});

const own = () => t.url; // http://127.0.0.1:<port>

describe('a foreign Origin', () => {
  it('gets no CORS on a preflight', async () => {
    const res = await raw(own(), 'OPTIONS', '/graphql', { origin: EVIL, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' });
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    expect(res.status).toBe(403);
  });

  it.each([
    ['JSON', 'application/json', JSON.stringify({ query: MUTATION })],
    ['form', 'application/x-www-form-urlencoded', `query=${encodeURIComponent(MUTATION)}`],
    ['text/plain', 'text/plain', JSON.stringify({ query: MUTATION })],
  ])('cannot run a %s POST', async (_n, type, body) => {
    const res = await raw(own(), 'POST', '/graphql', { origin: EVIL, 'content-type': type }, body);
    expect(res.status).toBe(403);
    expect(res.body).toMatch(/FORBIDDEN_ORIGIN/);
    expect(res.body).not.toMatch(/cancelBatch|__typename/);
  });

  it('cannot open a WebSocket', async () => {
    expect(await wsProbe(own(), { origin: EVIL })).toMatchObject({ acked: false, status: 403 });
    expect(await wsProbe(own(), { origin: 'null' })).toMatchObject({ acked: false, status: 403 });
  });

  it('cannot reach /healthz or /files/ either', async () => {
    expect((await raw(own(), 'GET', '/healthz', { origin: EVIL })).status).toBe(403);
    expect((await raw(own(), 'GET', '/files/x', { origin: EVIL })).status).toBe(403);
  });
});

describe('form-like POSTs without an Origin (CSRF)', () => {
  it.each([
    ['application/x-www-form-urlencoded', `query=${encodeURIComponent(MUTATION)}`],
    ['text/plain', JSON.stringify({ query: MUTATION })],
    ['application/graphql', MUTATION],
  ])('%s runs nothing, with or without the CSRF header: only JSON (and multipart uploads) POSTs run operations', async (type, body) => {
    for (const csrf of [{}, { 'x-graphql-yoga-csrf': '1' }] as Record<string, string>[]) {
      const res = await raw(own(), 'POST', '/graphql', { 'content-type': type, ...csrf }, body);
      expect(res.status).toBe(415);
      expect(res.body).toMatch(/Content-Type: application\/json/);
      expect(res.body).not.toMatch(/"data"/);
    }
  });

  it('multipart runs only with x-graphql-yoga-csrf', async () => {
    const boundary = 'XyZ';
    const body = `--${boundary}\r\ncontent-disposition: form-data; name="operations"\r\n\r\n${JSON.stringify({ query: '{ __typename }' })}\r\n--${boundary}\r\ncontent-disposition: form-data; name="map"\r\n\r\n{}\r\n--${boundary}--\r\n`;
    const type = `multipart/form-data; boundary=${boundary}`;
    const without = await raw(own(), 'POST', '/graphql', { 'content-type': type }, body);
    expect(without.status).toBe(403);
    const withHeader = await raw(own(), 'POST', '/graphql', { 'content-type': type, 'x-graphql-yoga-csrf': '1' }, body);
    expect(withHeader.status).toBe(200);
    expect(withHeader.body).toMatch(/"__typename":"Query"/);
  });

  it('GET still runs queries (never mutations)', async () => {
    const q = await raw(own(), 'GET', `/graphql?query=${encodeURIComponent('{ __typename }')}`, { accept: 'application/json' });
    expect(q.status).toBe(200);
    const m = await raw(own(), 'GET', `/graphql?query=${encodeURIComponent(MUTATION)}`, { accept: 'application/json' });
    expect(m.status).toBe(405);
  });
  it('a GET another site makes without CORS (an <img>, a link) runs nothing: a query can start work (a thumbnail strip)', async () => {
    const path = `/graphql?query=${encodeURIComponent('{ __typename }')}`;
    for (const site of ['cross-site', 'same-site']) {
      const res = await raw(own(), 'GET', path, { accept: 'application/json', 'sec-fetch-site': site });
      expect(res.status, site).toBe(403);
      expect(res.body).toContain('FORBIDDEN_ORIGIN');
    }
    // The own pages (same-origin), a typed URL (none) and a listed origin's CORS call still run it.
    for (const site of ['same-origin', 'none']) expect((await raw(own(), 'GET', path, { accept: 'application/json', 'sec-fetch-site': site })).status, site).toBe(200);
  });
});

describe('DNS rebinding: the Host header', () => {
  it('a foreign Host is not served on a loopback bind (HTTP and WebSocket)', async () => {
    const port = new URL(own()).port;
    for (const host of [`evil.example:${port}`, `127.0.0.1.nip.io:${port}`, `localhost.evil.example:${port}`]) {
      const res = await raw(own(), 'POST', '/graphql', { ...JSON_HEADERS, host }, JSON.stringify({ query: '{ __typename }' }));
      expect(res.status, host).toBe(421);
      expect(res.body).toMatch(/FORBIDDEN_HOST/);
      expect((await raw(own(), 'GET', '/healthz', { host })).status).toBe(421);
      expect(await wsProbe(own(), { host })).toMatchObject({ acked: false, status: 421 });
    }
  });

  it('loopback names and the own origin keep working', async () => {
    const port = new URL(own()).port;
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]) {
      const res = await raw(own(), 'POST', '/graphql', { ...JSON_HEADERS, host, origin: `http://${host}` }, JSON.stringify({ query: '{ __typename }' }));
      expect(res.status, host).toBe(200);
    }
    expect(await wsProbe(own(), { origin: own() })).toEqual({ acked: true });
    expect(await wsProbe(own(), {})).toEqual({ acked: true });
  });
});

describe('CORS_ORIGINS and PUBLIC_BASE_URL', () => {
  it('a listed origin gets CORS; others still get none', async () => {
    const pre = await raw(cors.url, 'OPTIONS', '/graphql', { origin: ALLOWED, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,authorization' });
    expect(pre.headers['access-control-allow-origin']).toBe(ALLOWED);
    const post = await raw(cors.url, 'POST', '/graphql', { ...JSON_HEADERS, origin: ALLOWED }, JSON.stringify({ query: '{ __typename }' }));
    expect(post.status).toBe(200);
    expect(post.headers['access-control-allow-origin']).toBe(ALLOWED);
    const evil = await raw(cors.url, 'OPTIONS', '/graphql', { origin: EVIL, 'access-control-request-method': 'POST' });
    expect(evil.headers['access-control-allow-origin']).toBeUndefined();
    expect(await wsProbe(cors.url, { origin: ALLOWED })).toEqual({ acked: true });
  });

  it('a listed origin can upload with tus (PATCH, HEAD, its headers, Location readable); tus never answers *', async () => {
    const pre = await raw(cors.url, 'OPTIONS', '/uploads/x', {
      origin: ALLOWED,
      'access-control-request-method': 'PATCH',
      'access-control-request-headers': 'authorization,tus-resumable,upload-offset,content-type',
    });
    expect(pre.headers['access-control-allow-origin']).toBe(ALLOWED);
    expect(String(pre.headers['access-control-allow-methods'])).toMatch(/PATCH/);
    expect(String(pre.headers['access-control-allow-methods'])).toMatch(/HEAD/);
    expect(String(pre.headers['access-control-allow-headers'])).toMatch(/upload-offset/i);
    const created = await raw(cors.url, 'POST', '/uploads', { origin: ALLOWED, 'tus-resumable': '1.0.0', 'upload-length': '4' });
    expect(created.status).toBe(201);
    expect(created.headers['access-control-allow-origin']).toBe(ALLOWED);
    expect(String(created.headers['access-control-expose-headers'])).toMatch(/location/i);
    const plain = await raw(own(), 'POST', '/uploads', { origin: own(), 'tus-resumable': '1.0.0', 'upload-length': '4' });
    expect(plain.status).toBe(201);
    expect(plain.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('the PUBLIC_BASE_URL host and origin are served on a loopback bind', async () => {
    const res = await raw(cors.url, 'POST', '/graphql', { ...JSON_HEADERS, host: 'autoclip.test:8080', origin: 'http://autoclip.test:8080' }, JSON.stringify({ query: '{ __typename }' }));
    expect(res.status).toBe(200);
  });
});
