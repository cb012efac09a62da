/**
 * A server bound beyond loopback: it will not start without API tokens, and
 * with them it refuses HTTP, SSE and WebSocket clients that do not present
 * one. Signed download links work without a token.
 */
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { gql } from '../support/test-app.js';
import { collect, sse, wsClient } from '../support/ws-client.js';
import { BATCH, CREATE, PROGRESS, createHarness, download, follow, makeClip, within } from './harness.js';

const h = createHarness();
afterEach((ctx) => {
  if (ctx.task.result?.state === 'fail') console.error(h.logs());
});
afterAll(() => h.cleanup());

describe('tokens beyond loopback', () => {
  it('refuses to start on 0.0.0.0 without API_TOKENS, naming the variable', async () => {
    await expect(h.start(h.workspace('auth-none'), { HOST: '0.0.0.0' })).rejects.toThrow(/code 2[\s\S]*API_TOKENS/);
  }, 60_000);

  it('requires a token on HTTP, SSE and WebSocket; signed links need none', async () => {
    const ws = h.workspace('auth');
    await makeClip(path.join(ws.media, 'clip.mp4'), { width: 320, height: 240, seconds: 2 });
    const server = await h.start(ws, { HOST: '0.0.0.0', API_TOKENS: 'tok-one,tok-two' });
    const bearer = { authorization: 'Bearer tok-two' };

    // HTTP
    const none = await gql(server.url, '{ health { ok } }', {}, { allowErrors: true });
    expect(none.status).toBe(401);
    expect(none.errors?.[0]?.message).toMatch(/Bearer/);
    expect((await gql(server.url, '{ health { ok } }', {}, { allowErrors: true, headers: { authorization: 'Bearer tok-three' } })).status).toBe(401);
    const created = await gql(server.url, CREATE, { input: { sources: [{ type: 'LOCAL', path: 'clip.mp4' }], autoApprove: true } }, { allowErrors: true });
    expect(created.status).toBe(401);
    expect((await gql(server.url, '{ batches(first: 5) { edges { node { id } } } }', {}, { headers: bearer })).data.batches.edges).toEqual([]);

    // WebSocket: refused without the token (4403), served with it.
    await expect(collect(wsClient(server.url), '{ health { ok } }', {})).rejects.toMatchObject({ code: 4403 });
    await expect(collect(wsClient(server.url, { authorization: 'Bearer nope' }), '{ health { ok } }', {})).rejects.toMatchObject({ code: 4403 });
    expect(await collect(wsClient(server.url, bearer), '{ health { ok } }', {})).toEqual([{ health: { ok: true } }]);

    const ok = await gql(server.url, CREATE, { input: { sources: [{ type: 'LOCAL', path: 'clip.mp4' }], autoApprove: true } }, { headers: bearer });
    expect(ok.data.createBatch.__typename, JSON.stringify(ok.data)).toBe('CreateBatchPayload');
    const id = ok.data.createBatch.batch.id;

    // SSE: refused without the token, served with it.
    await expect(sse(server.url, PROGRESS, { id })).rejects.toThrow(/401/);
    const overSse = sse(server.url, PROGRESS, { id }, bearer);
    await expect(collect(wsClient(server.url), PROGRESS, { id })).rejects.toMatchObject({ code: 4403 });
    const events = await within(follow(wsClient(server.url, bearer), PROGRESS, { id }, () => false), 60_000, 'end of the progress stream');
    expect(events.at(-1).batchProgress.status).toBe('COMPLETED');
    expect((await within(overSse, 10_000, 'end of the SSE stream')).at(-1).batchProgress.status).toBe('COMPLETED');

    // The signed link is its own credential. Without PUBLIC_BASE_URL a wildcard bind names
    // its links http://0.0.0.0:<port>, so fetch the same path and query from our address.
    const { data } = await gql(server.url, BATCH, { id }, { headers: bearer });
    const link = new URL(data.batch.finalVideo.url);
    expect(link.port).toBe(new URL(server.url).port);
    const local = `${server.url}${link.pathname}${link.search}`;
    expect((await download(local, path.join(ws.root, 'final.mp4'))).status).toBe(200);
    expect((await fetch(`${server.url}${link.pathname}`)).status).toBeGreaterThanOrEqual(400);
  }, 120_000);
});
