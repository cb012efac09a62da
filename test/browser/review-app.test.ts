/**
 * The review app end to end in Chromium against the real server and ffmpeg:
 * upload two clips, start a batch, watch it advance live, trim a clip by
 * frame steps, drag another first, save, approve, play the final video, and
 * probe the downloaded file. Then the Chinese UI. Every request stays on loopback.
 * With SCREENSHOTS=1 the three pages are saved under docs/screenshots/.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../web/src/messages.js';
import { makeClip, probe } from '../e2e/harness.js';
import { launchBrowser, type GuardedBrowser } from '../support/browser.js';
import { gql, startTestApp, type TestApp } from '../support/test-app.js';

const SHOTS = process.env.SCREENSHOTS === '1' ? path.join(import.meta.dirname, '..', '..', 'docs', 'screenshots') : null;
const PLAN = `query Plan($id: ID!) { batch(id: $id) { status clipPlan { version totalDurationSeconds clips { videoIndex start end } } videos { fps } } }`;

async function shot(page: Page, name: string): Promise<void> {
  if (!SHOTS) return;
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, name), fullPage: true });
}

describe('review app', () => {
  let app: TestApp;
  let browser: GuardedBrowser;
  let tmp: string;
  let batchId = '';

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'autoclip-web-'));
    [app, browser] = await Promise.all([
      startTestApp({ env: { ANALYZER: 'offline' } }),
      launchBrowser(),
      makeClip(path.join(tmp, 'first.mp4'), { width: 320, height: 180, seconds: 4 }),
      makeClip(path.join(tmp, 'second.mp4'), { width: 320, height: 180, seconds: 4 }),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('uploads, edits, approves and plays the final video', async () => {
    const page = await browser.page({ locale: 'en-US', viewport: { width: 1000, height: 900 }, acceptDownloads: true });
    await page.goto(`${app.url}/new`);
    await page.getByLabel('Choose video files to upload').setInputFiles([path.join(tmp, 'first.mp4'), path.join(tmp, 'second.mp4')]);
    await expect.poll(() => page.getByText('uploaded', { exact: true }).count(), { timeout: 30_000 }).toBe(2);
    // Most of the footage, so the plan takes a clip from each video.
    await page.getByLabel('Target length, 5–600 seconds (empty: automatic)').fill('7');
    await shot(page, 'new-batch.png');
    await page.getByRole('button', { name: 'Start batch' }).click();
    await page.waitForURL(/\/batches\//);
    batchId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);

    // Every status the page shows, recorded as it changes (no reloads).
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { seen: string[] }).seen = seen;
      const read = () => {
        const s = document.querySelector('[data-testid="batch-status"]')?.textContent ?? '';
        if (s && seen.at(-1) !== s) seen.push(s);
      };
      read();
      new MutationObserver(read).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await page.getByTestId('batch-status').getByText('Awaiting approval').waitFor({ timeout: 60_000 });
    const seen = await page.evaluate(() => (window as unknown as { seen: string[] }).seen);
    expect(seen.length).toBeGreaterThan(1);
    expect(await page.locator('[data-stage="VL_ANALYSIS"]').getAttribute('data-status')).toBe('COMPLETED');

    const before = (await gql(app.url, PLAN, { id: batchId })).data.batch;
    expect(before.clipPlan.clips.length).toBeGreaterThanOrEqual(2);
    const clips = page.locator('.timeline > li');
    // Every clip shows its thumbnail strip, drawn by the server and loaded by the page.
    const strips = page.locator('.timeline img.strip');
    await expect.poll(() => strips.count(), { timeout: 30_000 }).toBe(before.clipPlan.clips.length);
    await expect
      .poll(() => strips.evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).complete && (i as HTMLImageElement).naturalWidth > 0)), { timeout: 30_000 })
      .toEqual(before.clipPlan.clips.map(() => true));
    expect(await strips.first().getAttribute('alt')).toBe('Frames of clip 1');
    // Trim clip 1 by three frames at the start, then drag clip 2 above it.
    const first = clips.nth(0);
    for (let i = 0; i < 3; i++) await first.getByRole('button', { name: 'Start +1 frame' }).click();
    // Both rows on screen, then by the handle, as a person would (the row's middle is the player).
    await page.locator('.timeline').evaluate((el) => el.scrollIntoView());
    await clips.nth(1).locator('.drag').dragTo(clips.nth(0).locator('.clip-head'));
    await shot(page, 'batch.png');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').getByText('Saved as version 2.').waitFor();

    const edited = (await gql(app.url, PLAN, { id: batchId })).data.batch;
    const frame = 1 / before.videos[before.clipPlan.clips[0].videoIndex].fps;
    expect(edited.clipPlan.version).toBe(2);
    expect(edited.clipPlan.clips[0]).toEqual(before.clipPlan.clips[1]);
    expect(edited.clipPlan.clips[1].start).toBeCloseTo(before.clipPlan.clips[0].start + 3 * frame, 2);

    await page.getByRole('button', { name: 'Approve' }).click();
    await page.getByTestId('batch-status').getByText('Completed').waitFor({ timeout: 90_000 });
    // The uploads outlive the batch's cleanup: a re-render or retry still needs them (the upload sweeper removes them later).
    expect(fs.readdirSync(path.join(app.config.dataDir, 'uploads')).filter((n) => !n.endsWith('.json'))).toHaveLength(2);
    const player = page.getByLabel('Final video', { exact: true }).and(page.locator('video'));
    await player.waitFor();
    const played = await player.evaluate(
      (v: HTMLVideoElement) =>
        new Promise<{ error: unknown; time: number }>((resolve) => {
          v.muted = true;
          v.addEventListener('timeupdate', () => v.currentTime > 0.3 && resolve({ error: v.error, time: v.currentTime }));
          void v.play();
        }),
    );
    expect(played.error).toBeNull();

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download', exact: true }).click()]);
    const file = path.join(tmp, 'final.mp4');
    await download.saveAs(file);
    const info = await probe(file);
    expect(info.durationSeconds).toBeCloseTo(edited.clipPlan.totalDurationSeconds, 0);
    expect(Math.abs(info.durationSeconds - edited.clipPlan.totalDurationSeconds)).toBeLessThan(0.15);

    await page.goto(`${app.url}/`);
    await page.getByRole('link', { name: /Open batch/ }).first().waitFor();
    await shot(page, 'batches.png');
    expect(browser.escaped()).toEqual([]);
    // Two encodes of tiny clips and a render; generous for two busy cores.
  }, 180_000);

  it('loads under 250 KB of JS (gzip) on the first page and fits a phone-width screen', async () => {
    const ctx = await browser.context({ locale: 'en-US', viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    const page = await ctx.newPage();
    const scripts: Promise<number>[] = [];
    page.on('response', (r) => {
      if (r.request().resourceType() === 'script') scripts.push(r.body().then((b) => gzipSync(b, { level: 9 }).length));
    });
    await page.goto(`${app.url}/`);
    await page.getByRole('heading', { name: 'Batches' }).waitFor();
    const gzipKb = (await Promise.all(scripts)).reduce((a, b) => a + b, 0) / 1024;
    console.log(`first page JS: ${gzipKb.toFixed(1)} KB gzip in ${scripts.length} file(s)`);
    expect(gzipKb).toBeLessThan(250);
    for (const url of ['/', '/new', ...(batchId ? [`/batches/${encodeURIComponent(batchId)}`] : [])]) {
      await page.goto(`${app.url}${url}`);
      await page.locator('main h1').first().waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${url} scrolls sideways on a phone`).toBeLessThanOrEqual(0);
    }
    await ctx.close();
  });

  it('shows the three pages in Chinese with no English left, and remembers the choice', async () => {
    const ctx = await browser.context({ locale: 'zh-CN' });
    const page = await ctx.newPage();
    const english = Object.values(en).filter((s) => /[a-z]{3}/i.test(s)).map((s) => s.split('{')[0]!.trim()).filter((s) => s.length >= 3);
    for (const [url, ready] of [
      ['/', '批次'],
      ['/new', '新建批次'],
      [`/batches/${encodeURIComponent(batchId)}`, '剪辑方案'],
    ] as const) {
      await page.goto(`${app.url}${url}`);
      await page.getByRole('heading', { name: ready }).first().waitFor();
      const text = await page.locator('body').innerText();
      const left = english.filter((s) => text.includes(s));
      expect(left, `${url} still shows English`).toEqual([]);
      expect(text).not.toMatch(/\b(AWAITING_APPROVAL|COMPLETED|PENDING|RUNNING|VL_ANALYSIS)\b/);
    }
    await page.getByRole('combobox', { name: '语言' }).selectOption('en');
    await page.reload();
    await page.getByRole('heading', { name: 'Plan' }).waitFor();
    await ctx.close();
    expect(browser.escaped()).toEqual([]);
  });
});
