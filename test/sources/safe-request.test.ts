import { afterEach, describe, expect, it } from 'vitest';
import { safeRequest, type SafeRequestOptions } from '../../src/net/safe-request.js';
import { readAll, startServer, type TestServer } from './http-servers.js';

const base: SafeRequestOptions = { allowPrivate: true, connectTimeoutMs: 2000, totalTimeoutMs: 5000, maxRedirects: 5 };
const servers: TestServer[] = [];
async function server(...args: Parameters<typeof startServer>): Promise<TestServer> {
  const s = await startServer(...args);
  servers.push(s);
  return s;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe('safeRequest address policy', () => {
  it('reaches 127.0.0.1 when private addresses are allowed', async () => {
    const s = await server((_req, res) => res.end('hello'));
    const res = await safeRequest(`${s.url}/x`, base);
    expect(res.status).toBe(200);
    expect(await readAll(res.body)).toBe('hello');
  });

  it.each(['http://127.0.0.1:PORT/', 'http://2130706433:PORT/', 'http://[::ffff:127.0.0.1]:PORT/', 'http://0x7f.1:PORT/', 'http://localhost:PORT/'])(
    'refuses %s without allowPrivate, before any request arrives',
    async (template) => {
      const s = await server((_req, res) => res.end('secret'));
      await expect(safeRequest(template.replace('PORT', String(s.port)), { ...base, allowPrivate: false })).rejects.toMatchObject({
        name: 'BlockedAddressError',
      });
      expect(s.requests).toHaveLength(0);
    },
  );

  it('refuses non-http schemes', async () => {
    await expect(safeRequest('file:///etc/passwd', base)).rejects.toMatchObject({ name: 'RequestError', code: 'BAD_URL', retryable: false });
    await expect(safeRequest('ftp://example.com/x', base)).rejects.toMatchObject({ code: 'BAD_URL' });
    await expect(safeRequest('not a url', base)).rejects.toMatchObject({ code: 'BAD_URL' });
  });
});

describe('safeRequest redirects', () => {
  it('follows a relative redirect and reports the final URL', async () => {
    const s = await server((req, res) => {
      if (req.url === '/start') return res.writeHead(302, { location: '/final?x=1' }).end();
      res.end('arrived');
    });
    const res = await safeRequest(`${s.url}/start`, base);
    expect(res.status).toBe(200);
    expect(res.url).toBe(`${s.url}/final?x=1`);
    expect(await readAll(res.body)).toBe('arrived');
  });

  it('returns the 3xx itself with maxRedirects 0', async () => {
    const s = await server((_req, res) => res.writeHead(301, { location: '/elsewhere' }).end());
    const res = await safeRequest(`${s.url}/`, { ...base, maxRedirects: 0 });
    res.body.resume();
    expect(res.status).toBe(301);
    expect(res.headers.location).toBe('/elsewhere');
    expect(s.requests).toHaveLength(1);
  });

  it('stops after maxRedirects', async () => {
    const s = await server((req, res) => res.writeHead(302, { location: `/n${s.requests.length}` }).end());
    await expect(safeRequest(`${s.url}/`, { ...base, maxRedirects: 3 })).rejects.toMatchObject({ code: 'TOO_MANY_REDIRECTS' });
    expect(s.requests).toHaveLength(4);
  });

  it('refuses a redirect to a non-http scheme', async () => {
    const s = await server((_req, res) => res.writeHead(302, { location: 'file:///etc/passwd' }).end());
    await expect(safeRequest(`${s.url}/`, base)).rejects.toMatchObject({ code: 'BAD_URL' });
  });

  it('drops credentials on a redirect to another origin, keeps them on the same origin', async () => {
    const other = await server((_req, res) => res.end('other'));
    const s = await server((req, res) => {
      if (req.url === '/a') return res.writeHead(302, { location: '/b' }).end();
      if (req.url === '/b') return res.writeHead(307, { location: `${other.url}/c` }).end();
      res.end();
    });
    const res = await safeRequest(`http://user:pw@127.0.0.1:${s.port}/a`, { ...base, headers: { Cookie: 'k=v', 'X-Trace': '1' } });
    await readAll(res.body);
    expect(s.requests.map((r) => r.headers.authorization)).toEqual([`Basic ${Buffer.from('user:pw').toString('base64')}`, expect.any(String)]);
    expect(s.requests[1]?.headers.cookie).toBe('k=v');
    expect(other.requests[0]?.headers.authorization).toBeUndefined();
    expect(other.requests[0]?.headers.cookie).toBeUndefined();
    expect(other.requests[0]?.headers['x-trace']).toBe('1');
    expect(res.url).toBe(`${other.url}/c`);
  });

  it('keeps method and body on 307, turns POST into GET on 303', async () => {
    const s = await server((req, res) => {
      if (req.url === '/307') return res.writeHead(307, { location: '/echo1' }).end();
      if (req.url === '/303') return res.writeHead(303, { location: '/echo2' }).end();
      res.end();
    });
    const opts = { ...base, method: 'POST', body: '{"a":1}', headers: { 'content-type': 'application/json' } };
    (await safeRequest(`${s.url}/307`, opts)).body.resume();
    (await safeRequest(`${s.url}/303`, opts)).body.resume();
    expect(s.requests.map((r) => [r.method, r.url, r.body])).toEqual([
      ['POST', '/307', '{"a":1}'],
      ['POST', '/echo1', '{"a":1}'],
      ['POST', '/303', '{"a":1}'],
      ['GET', '/echo2', ''],
    ]);
  });
});

describe('safeRequest timeouts and cancellation', () => {
  it('fails with TIMEOUT when no answer comes', async () => {
    const s = await server(() => {
      /* never answers */
    });
    await expect(safeRequest(`${s.url}/`, { ...base, totalTimeoutMs: 200 })).rejects.toMatchObject({ name: 'RequestError', code: 'TIMEOUT', retryable: true });
  });

  it('fails the body stream with TIMEOUT when the body stalls', async () => {
    const s = await server((_req, res) => {
      res.writeHead(200, { 'content-length': '1000' });
      res.write('partial');
    });
    const res = await safeRequest(`${s.url}/`, { ...base, totalTimeoutMs: 300 });
    await expect(readAll(res.body)).rejects.toMatchObject({ code: 'TIMEOUT' });
  });

  it('stops at once when the caller aborts mid-body', async () => {
    const s = await server((_req, res) => {
      res.writeHead(200);
      res.write('first chunk');
    });
    const ac = new AbortController();
    const res = await safeRequest(`${s.url}/`, { ...base, signal: ac.signal });
    res.body.once('data', () => ac.abort());
    await expect(readAll(res.body)).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('rejects at once for an already aborted signal', async () => {
    const s = await server((_req, res) => res.end('x'));
    const ac = new AbortController();
    ac.abort();
    await expect(safeRequest(`${s.url}/`, { ...base, signal: ac.signal })).rejects.toMatchObject({ name: 'AbortError' });
    expect(s.requests).toHaveLength(0);
  });

  it('reports a refused connection as a retryable network error', async () => {
    const s = await server((_req, res) => res.end());
    const url = `${s.url}/`;
    await s.close();
    servers.pop();
    await expect(safeRequest(url, base)).rejects.toMatchObject({ name: 'RequestError', code: 'NETWORK', retryable: true });
  });
});
