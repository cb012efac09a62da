/**
 * `npm run dev`: Vite's dev server (hot reload) in front of a running autoclip at
 * AUTOCLIP_URL. The page loads with the HMR client, reads batches over the
 * proxied /graphql, follows a subscription over the proxied WebSocket, and a tus
 * upload through the proxied /uploads lands in the server's uploads folder; the
 * page holds Vite's hot-update socket, and what Vite pushes on it arrives.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ViteDevServer } from 'vite';
import { launchBrowser, type GuardedBrowser } from '../support/browser.js';
import { gql, startTestApp, type TestApp } from '../support/test-app.js';
import { collect, wsClient } from '../support/ws-client.js';

const ROOT = path.join(import.meta.dirname, '..', '..');

describe('npm run dev', () => {
  let app: TestApp;
  let browser: GuardedBrowser;
  let vite: ViteDevServer;
  let devUrl = '';

  beforeAll(async () => {
    [app, browser] = await Promise.all([startTestApp({ env: { ANALYZER: 'offline' } }), launchBrowser()]);
    // What `npm run dev` does, on a free port, against this server.
    process.env.AUTOCLIP_URL = app.url;
    const { createServer } = await import('vite');
    vite = await createServer({ configFile: path.join(ROOT, 'web', 'vite.config.ts'), server: { port: 0 }, logLevel: 'silent' });
    await vite.listen();
    devUrl = vite.resolvedUrls!.local[0]!.replace(/\/$/, '');
  }, 60_000);
  afterAll(async () => {
    await vite?.close();
    await browser?.close();
    await app?.stop();
    delete process.env.AUTOCLIP_URL;
  });

  it('serves the app with hot reload, proxying /graphql (WebSocket included) and /uploads to the server', async () => {
    fs.writeFileSync(path.join(app.mediaRoot, 'x.mp4'), 'not a video');
    const created = await gql(app.url, 'mutation { createBatch(input: { sources: [{ type: LOCAL, path: "x.mp4" }] }) { ... on CreateBatchPayload { batch { id } } } }');
    const id = created.data.createBatch.batch.id;

    const page = await browser.page({ locale: 'en-US' });
    const hmr = new Promise<{ framereceived: (cb: (f: { payload: string | Buffer }) => void) => void }>((resolve) =>
      page.on('websocket', (ws) => ws.url().startsWith(devUrl.replace(/^http/, 'ws')) && !ws.url().includes('/graphql') && resolve({ framereceived: (cb) => ws.on('framereceived', cb) })),
    );
    await page.goto(`${devUrl}/`);
    await page.getByRole('heading', { name: 'Batches' }).waitFor({ timeout: 30_000 });
    // The batch came from the server through the proxied /graphql.
    await page.getByRole('link', { name: /Open batch/ }).first().waitFor({ timeout: 30_000 });
    expect(await page.locator('script[src="/@vite/client"]').count()).toBe(1);

    // A subscription through the proxied WebSocket: its first event is the batch's state.
    const [first] = await collect(wsClient(devUrl), 'subscription ($id: ID!) { batchProgress(batchId: $id) { batchId } }', { id }, () => true);
    expect(first.batchProgress.batchId).toBe(id);

    // A tus upload through the proxy.
    const tus = { 'tus-resumable': '1.0.0' };
    const post = await fetch(`${devUrl}/uploads`, { method: 'POST', headers: { ...tus, 'upload-length': '5', 'content-type': 'application/offset+octet-stream' }, body: 'hello' });
    expect(post.status).toBe(201);
    const uploadId = decodeURIComponent(post.headers.get('location')!.split('/').pop()!);
    expect(fs.readFileSync(path.join(app.config.dataDir, 'uploads', uploadId), 'utf8')).toBe('hello');

    // Hot reload: the page listens on Vite's update socket; an update pushed there arrives.
    const socket = await hmr;
    const pushed = new Promise<string>((resolve) => socket.framereceived((f) => String(f.payload).includes('autoclip-check') && resolve(String(f.payload))));
    vite.hot.send({ type: 'custom', event: 'autoclip-check', data: { n: 1 } });
    expect(JSON.parse(await pushed)).toMatchObject({ type: 'custom', event: 'autoclip-check' });
    expect(browser.escaped()).toEqual([]);
  }, 90_000);
});
