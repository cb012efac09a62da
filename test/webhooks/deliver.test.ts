import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { deliverOnce, type DeliverOnceInput } from '../../src/webhooks/deliver.js';
import { buildWebhookPayload } from '../../src/webhooks/payload.js';
import { verifyWebhook } from '../../src/webhooks/sign.js';

interface Received {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

const servers: http.Server[] = [];
async function receiver(reply: (res: http.ServerResponse, got: Received) => void): Promise<{ url: string; port: number; got: Received[] }> {
  const got: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      got.push(r);
      reply(res, r);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}/hooks/autoclip`, port, got };
}
afterEach(async () => {
  await Promise.all(
    servers.splice(0).map((s) => new Promise<void>((resolve) => {
      s.closeAllConnections();
      s.close(() => resolve());
    })),
  );
});

const SECRET = 'whsec_c2VjcmV0LWtleS1mb3ItdGVzdHMtMTIzNDU2Nzg=';
const payload = buildWebhookPayload({ event: 'batch.completed', batchId: 'b1', status: 'COMPLETED', finalVideoUrl: 'https://x/f.mp4', completedAt: new Date(0), error: null });
const input = (url: string, extra: Partial<DeliverOnceInput> = {}): DeliverOnceInput => ({
  url, id: 'msg_test1', payload, secret: SECRET, timeoutMs: 5000, allowPrivate: true, ...extra,
});

describe('deliverOnce', () => {
  it('POSTs signed JSON that a receiver can verify', async () => {
    const r = await receiver((res) => res.writeHead(204).end());
    const result = await deliverOnce(input(r.url));
    expect(result).toMatchObject({ ok: true, statusCode: 204, error: null, retryable: false, retryAfterSeconds: null });
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
    const got = r.got[0]!;
    expect(got.method).toBe('POST');
    expect(got.url).toBe('/hooks/autoclip');
    expect(got.headers['content-type']).toBe('application/json');
    expect(got.headers['webhook-id']).toBe('msg_test1');
    expect(JSON.parse(got.body)).toEqual(payload);
    const ok = verifyWebhook(SECRET, {
      id: String(got.headers['webhook-id']),
      timestamp: String(got.headers['webhook-timestamp']),
      signature: String(got.headers['webhook-signature']),
      body: got.body,
    });
    expect(ok).toBe(true);
  });

  it('sends unsigned when no secret is configured', async () => {
    const r = await receiver((res) => res.end());
    await deliverOnce(input(r.url, { secret: '' }));
    expect(r.got[0]?.headers['webhook-signature']).toBeUndefined();
    expect(r.got[0]?.headers['webhook-id']).toBe('msg_test1');
  });

  it('marks 503 retryable and passes Retry-After on', async () => {
    const r = await receiver((res) => res.writeHead(503, { 'retry-after': '42' }).end('busy'));
    expect(await deliverOnce(input(r.url))).toMatchObject({
      ok: false, statusCode: 503, retryable: true, retryAfterSeconds: 42, error: 'HTTP 503 Service Unavailable',
    });
  });

  it('marks 429 retryable', async () => {
    const r = await receiver((res) => res.writeHead(429).end());
    expect(await deliverOnce(input(r.url))).toMatchObject({ ok: false, statusCode: 429, retryable: true });
  });

  it.each([
    [410, /asked us to stop/],
    [400, /HTTP 400 Bad Request/],
    [404, /HTTP 404/],
  ])('marks %d final', async (status, message) => {
    const r = await receiver((res) => res.writeHead(status).end());
    expect(await deliverOnce(input(r.url))).toMatchObject({ ok: false, statusCode: status, retryable: false, error: expect.stringMatching(message) });
  });

  it('does not follow a redirect and counts it as a failure', async () => {
    const r = await receiver((res, got) => (got.url === '/moved' ? res.end() : res.writeHead(307, { location: '/moved' }).end()));
    const result = await deliverOnce(input(r.url));
    expect(result).toMatchObject({ ok: false, statusCode: 307, retryable: false, error: expect.stringMatching(/redirects are not followed/) });
    expect(r.got).toHaveLength(1);
  });

  it('refuses a private address without allowPrivate, sending nothing', async () => {
    const r = await receiver((res) => res.end());
    const result = await deliverOnce(input(r.url, { allowPrivate: false }));
    expect(result).toMatchObject({ ok: false, statusCode: null, retryable: false, error: expect.stringMatching(/private, loopback or link-local/) });
    expect(r.got).toHaveLength(0);
  });

  it('reports a timeout as retryable with no status', async () => {
    const r = await receiver(() => {
      /* never answers */
    });
    expect(await deliverOnce(input(r.url, { timeoutMs: 200 }))).toMatchObject({ ok: false, statusCode: null, retryable: true, error: expect.stringMatching(/200 ms/) });
  });

  it('reports a refused connection as retryable', async () => {
    const r = await receiver((res) => res.end());
    const s = servers.pop()!;
    await new Promise<void>((resolve) => s.close(() => resolve()));
    expect(await deliverOnce(input(r.url))).toMatchObject({ ok: false, statusCode: null, retryable: true });
  });

  it('refuses a non-http URL as final', async () => {
    expect(await deliverOnce(input('ftp://example.com/x'))).toMatchObject({ ok: false, retryable: false, error: expect.stringMatching(/only http and https/) });
  });

  it('signs with the timestamp of the attempt and keeps the id', async () => {
    const r = await receiver((res) => res.end());
    await deliverOnce(input(r.url, { now: () => new Date(1_700_000_000_000) }));
    expect(r.got[0]?.headers['webhook-timestamp']).toBe('1700000000');
  });
});
