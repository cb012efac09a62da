/**
 * The review app on a token-protected server: it asks for the token (kept for
 * the tab), refuses a wrong one, and then works, uploads included. Two tabs
 * editing the same plan: the second save shows the conflict with both
 * versions and loses nothing. Every request stays on loopback.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeClip } from '../e2e/harness.js';
import { launchBrowser, type GuardedBrowser } from '../support/browser.js';
import { gql, startTestApp, type TestApp } from '../support/test-app.js';
import { collect, wsClient } from '../support/ws-client.js';

const TOKEN = 'review-token-1';
const AUTH = { authorization: `Bearer ${TOKEN}` };

describe('review app with a token and two tabs', () => {
  let app: TestApp;
  let browser: GuardedBrowser;
  let batchId: string;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startTestApp({ env: { ANALYZER: 'offline', API_TOKENS: TOKEN } }), launchBrowser()]);
    await Promise.all(['a.mp4', 'b.mp4'].map((f) => makeClip(path.join(app.mediaRoot, f), { width: 160, height: 90, seconds: 3 })));
    const created = await gql(
      app.url,
      `mutation { createBatch(input: { sources: [{ type: LOCAL, path: "a.mp4" }, { type: LOCAL, path: "b.mp4" }] }) { ... on CreateBatchPayload { batch { id } } } }`,
      {},
      { headers: AUTH },
    );
    batchId = created.data.createBatch.batch.id;
    const ws = wsClient(app.url, AUTH);
    await collect(ws, `subscription($id: ID!) { batchProgress(batchId: $id) { status } }`, { id: batchId }, (v: { batchProgress: { status: string } }) => v.batchProgress.status === 'AWAITING_APPROVAL');
    await ws.dispose();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('asks for the token, refuses a wrong one, then shows the batches', async () => {
    const page = await browser.page({ locale: 'en-US' });
    await page.goto(`${app.url}/`);
    await page.getByRole('heading', { name: 'This server needs a token' }).waitFor();
    await page.getByLabel('API token').fill('wrong');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByText('The server refused that token.').waitFor();
    await page.getByLabel('API token').fill(TOKEN);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('link', { name: /Open batch a\.mp4, b\.mp4/ }).waitFor();
    // Kept for the tab: a reload does not ask again.
    await page.reload();
    await page.getByRole('link', { name: /Open batch/ }).first().waitFor();
    // Uploads need the token like everything else that is not public.
    const refused = await fetch(`${app.url}/uploads`, { method: 'POST', headers: { 'tus-resumable': '1.0.0', 'upload-length': '1' } });
    expect(refused.status).toBe(401);
    const accepted = await fetch(`${app.url}/uploads`, { method: 'POST', headers: { 'tus-resumable': '1.0.0', 'upload-length': '1', ...AUTH } });
    expect(accepted.status).toBe(201);
    // A new tab (session) asks again.
    const other = await browser.page({ locale: 'en-US' });
    await other.goto(`${app.url}/`);
    await other.getByRole('heading', { name: 'This server needs a token' }).waitFor();
    expect(browser.escaped()).toEqual([]);
  });

  it('shows a version conflict between two tabs with both versions, and reloads the saved one', async () => {
    const ctx = await browser.context({ locale: 'en-US' });
    await ctx.addInitScript((token) => sessionStorage.setItem('autoclip.token', token), TOKEN);
    const [tabA, tabB] = [await ctx.newPage(), await ctx.newPage()];
    for (const tab of [tabA, tabB]) {
      await tab.goto(`${app.url}/batches/${encodeURIComponent(batchId)}`);
      await tab.getByRole('heading', { name: /Plan/ }).waitFor();
    }
    // Both start editing version 1; A saves first. (An untouched tab would simply follow A's save live.)
    await tabB.getByLabel('Theme').fill('Edited in tab B');
    await tabA.getByLabel('Theme').fill('Edited in tab A');
    await tabA.getByRole('button', { name: 'Save' }).click();
    await tabA.getByText('Saved as version 2.').waitFor();

    await tabB.getByRole('button', { name: 'Save' }).click();
    const alert = tabB.getByRole('alert').filter({ hasText: 'while you were editing' });
    await alert.waitFor();
    await alert.getByText('Edited in tab B').waitFor();
    await alert.getByText('Edited in tab A').waitFor();
    // Nothing was overwritten behind A's back.
    const plan = (await gql(app.url, `query($id: ID!) { batch(id: $id) { clipPlan { version theme } } }`, { id: batchId }, { headers: AUTH })).data.batch.clipPlan;
    expect(plan).toEqual({ version: 2, theme: 'Edited in tab A' });

    await alert.getByRole('button', { name: 'Reload the saved version' }).click();
    await expect.poll(() => tabB.getByLabel('Theme').inputValue()).toBe('Edited in tab A');
    await ctx.close();
    expect(browser.escaped()).toEqual([]);
  });

  it('pages through more media files than one page holds, and searches', async () => {
    const extra = Array.from({ length: 23 }, (_v, i) => `many/clip-${String(i).padStart(2, '0')}.mp4`);
    fs.mkdirSync(path.join(app.mediaRoot, 'many'), { recursive: true });
    for (const f of extra) fs.copyFileSync(path.join(app.mediaRoot, 'a.mp4'), path.join(app.mediaRoot, f));
    const ctx = await browser.context({ locale: 'en-US' });
    await ctx.addInitScript((token) => sessionStorage.setItem('autoclip.token', token), TOKEN);
    const page = await ctx.newPage();
    await page.goto(`${app.url}/new`);
    const files = page.locator('ul.files li');
    await page.getByText('many/clip-17.mp4').waitFor();
    expect(await files.count()).toBe(20);
    await page.getByRole('button', { name: 'More files' }).click();
    await page.getByText('many/clip-22.mp4').waitFor();
    expect(await files.count()).toBe(25);
    expect(await page.getByRole('button', { name: 'More files' }).count()).toBe(0);
    await page.getByLabel('Search files').fill('clip-0');
    await page.getByText('many/clip-09.mp4').waitFor();
    await expect.poll(() => files.count()).toBe(10);
    expect(browser.escaped()).toEqual([]);
  });
});
