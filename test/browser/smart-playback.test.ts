/**
 * A smart-rendered final video plays to its end in Chromium with no decode error:
 * two sources that qualify for smart render (H.264 High, yuv420p, a keyframe every
 * second, the same size and rate), clips cut mid-GOP at both ends, ORIGINAL_QUALITY.
 * The render's own `smart render` log line proves the GOPs were copied; the page's
 * player then reaches `ended` with no error, at the video's duration, with no
 * corrupted frames.
 */
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type GuardedBrowser } from '../support/browser.js';
import { gql, startTestApp, type TestApp } from '../support/test-app.js';
import { collect, wsClient } from '../support/ws-client.js';
import { ffmpeg } from '../render/helpers.js';

const CREATE = `mutation ($input: CreateBatchInput!) { createBatch(input: $input) { __typename ... on CreateBatchPayload { batch { id } } ... on ValidationError { message } } }`;
const UPDATE = `mutation ($input: UpdateClipPlanInput!) { updateClipPlan(input: $input) { __typename ... on UpdateClipPlanPayload { clipPlan { version } } ... on Error { message } } }`;
const APPROVE = `mutation ($id: ID!, $v: Int!) { approveClipPlan(batchId: $id, expectedVersion: $v) { __typename ... on Error { message } } }`;
const PROGRESS = `subscription ($id: ID!) { batchProgress(batchId: $id) { status } }`;

describe('smart-rendered final video in the page', () => {
  let app: TestApp;
  let browser: GuardedBrowser;
  const logs: Record<string, unknown>[] = [];

  beforeAll(async () => {
    [app, browser] = await Promise.all([
      startTestApp({
        env: { ANALYZER: 'offline' },
        patch: () => ({ log: pino({ level: 'info' }, { write: (s: string) => void logs.push(JSON.parse(s) as Record<string, unknown>) }) }),
      }),
      launchBrowser(),
    ]);
    // x264's High profile, closed GOPs of 30 frames at 30 fps, AAC: what smart render copies from.
    for (const [name, pattern] of [['a.mp4', 'testsrc2'], ['b.mp4', 'smptebars']] as const) {
      ffmpeg(['-f', 'lavfi', '-i', `${pattern}=s=320x240:r=30:d=5`, '-f', 'lavfi', '-i', 'sine=f=440:r=44100:d=5',
        '-c:v', 'libx264', '-preset', 'veryfast', '-profile:v', 'high', '-g', '30', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', path.join(app.mediaRoot, name)]);
    }
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('copies whole GOPs, then plays through to the end with no decode error', async () => {
    const created = await gql(app.url, CREATE, { input: { sources: [{ type: 'LOCAL', path: 'a.mp4' }, { type: 'LOCAL', path: 'b.mp4' }], output: { mode: 'ORIGINAL_QUALITY' } } });
    expect(created.data.createBatch.__typename).toBe('CreateBatchPayload');
    const id = created.data.createBatch.batch.id;
    await collect(wsClient(app.url), PROGRESS, { id }, (e: any) => e.batchProgress.status === 'AWAITING_APPROVAL');
    // Both clips start and end between keyframes, with whole GOPs in between.
    const clips = [
      { videoIndex: 1, start: 0.5, end: 3.4, reason: 'bars' },
      { videoIndex: 0, start: 1.2, end: 4.6, reason: 'pattern' },
    ];
    const saved = await gql(app.url, UPDATE, { input: { batchId: id, expectedVersion: 1, theme: 'smart', clips } });
    expect(saved.data.updateClipPlan.__typename).toBe('UpdateClipPlanPayload');
    const done = collect(wsClient(app.url), PROGRESS, { id }, (e: any) => ['COMPLETED', 'FAILED'].includes(e.batchProgress.status));
    expect((await gql(app.url, APPROVE, { id, v: 2 })).data.approveClipPlan.__typename).toBe('ApproveClipPlanPayload');
    expect((await done).at(-1).batchProgress.status).toBe('COMPLETED');

    const summary = logs.find((l) => l.msg === 'smart render');
    expect(summary, JSON.stringify(logs.filter((l) => String(l.msg).includes('smart')))).toMatchObject({ smartClips: 2, fallbacks: 0 });
    expect(summary!.copiedFrames as number).toBeGreaterThan(60);

    const page = await browser.page({ locale: 'en-US' });
    await page.goto(`${app.url}/batches/${encodeURIComponent(id)}`);
    const player = page.getByLabel('Final video', { exact: true }).and(page.locator('video'));
    await player.waitFor({ timeout: 30_000 });
    const played = await player.evaluate(
      (v: HTMLVideoElement) =>
        new Promise<{ ended: boolean; error: string | null; time: number; duration: number; corrupted: number | null; total: number | null }>((resolve) => {
          const report = (ended: boolean) => {
            const q = typeof v.getVideoPlaybackQuality === 'function' ? v.getVideoPlaybackQuality() : null;
            resolve({ ended, error: v.error ? `${v.error.code} ${v.error.message}` : null, time: v.currentTime, duration: v.duration, corrupted: q?.corruptedVideoFrames ?? null, total: q?.totalVideoFrames ?? null });
          };
          v.addEventListener('ended', () => report(true));
          v.addEventListener('error', () => report(false));
          v.muted = true;
          v.currentTime = 0;
          void v.play().catch(() => report(false));
        }),
    );
    console.log(`smart render: ${JSON.stringify(summary)}; played: ${JSON.stringify(played)}`);
    expect(played.error).toBeNull();
    expect(played.ended).toBe(true);
    expect(played.duration).toBeCloseTo(2.9 + 3.4, 0);
    expect(Math.abs(played.time - played.duration)).toBeLessThan(0.1);
    if (played.corrupted !== null) expect(played.corrupted).toBe(0);
    expect(played.total ?? 1).toBeGreaterThan(0);
    expect(browser.escaped()).toEqual([]);
  }, 120_000);
});
