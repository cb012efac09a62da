/**
 * A full disk fails one batch with a clear message and never takes the process down:
 * the work directory on a tiny tmpfs (ffmpeg's output has no room), and the whole data
 * directory on one that fills up while a batch runs (SQLite throws inside the failure
 * path). Needs root to mount tmpfs; skipped where mount is not allowed.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fixtureStages, Gate, type FixtureOptions } from '../support/fixture-stages.js';
import { gql, startTestApp, type TestApp } from '../support/test-app.js';
import { collect, wsClient } from '../support/ws-client.js';

const CREATE = `mutation Create($input: CreateBatchInput!) { createBatch(input: $input) { __typename ... on CreateBatchPayload { batch { id } } } }`;
const PROGRESS = `subscription P($id: ID!) { batchProgress(batchId: $id) { status message } }`;

function tryMount(dir: string, size: string): boolean {
  fs.mkdirSync(dir, { recursive: true });
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const canMount = (() => {
  const probe = fs.mkdtempSync(path.join(os.tmpdir(), 'autoclip-mount-'));
  const ok = tryMount(probe, '1m');
  if (ok) execFileSync('umount', [probe]);
  fs.rmSync(probe, { recursive: true, force: true });
  return ok;
})();

/** Writes until the file system is full. */
function fill(file: string): void {
  const chunk = Buffer.alloc(64 * 1024, 1);
  const fd = fs.openSync(file, 'w');
  try {
    for (;;) fs.writeSync(fd, chunk);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  } finally {
    fs.closeSync(fd);
  }
}

let t: TestApp | null = null;
const mounts: string[] = [];
afterEach(async () => {
  await t?.stop();
  t = null;
  for (const m of mounts.splice(0)) execFileSync('umount', ['-l', m]);
});

describe.skipIf(!canMount)('a full disk', () => {
  it('fails the batch with "no space left on device" and keeps serving', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'autoclip-full-'));
    const work = path.join(dir, 'data', 'work');
    expect(tryMount(work, '1m')).toBe(true);
    mounts.push(work);
    t = await startTestApp({ dir });
    execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc=size=160x120:rate=10:duration=2', '-pix_fmt', 'yuv420p', path.join(t.mediaRoot, 'a.mp4')]);
    const { data } = await gql(t.url, CREATE, { input: { sources: [{ type: 'LOCAL', path: 'a.mp4' }], enableVlAnalysis: false } });
    const id = data.createBatch.batch.id;
    const events = await collect(wsClient(t.url), PROGRESS, { id });
    expect(events.at(-1).batchProgress.status).toBe('FAILED');
    const q = await gql(t.url, `query B($id: ID!) { batch(id: $id) { error videos { error } } }`, { id });
    expect(`${q.data.batch.error} ${q.data.batch.videos[0].error}`).toMatch(/no space left on device/);
    expect(`${q.data.batch.videos[0].error}`).not.toMatch(/Conversion failed/);
    expect((await fetch(`${t.url}/healthz`)).status).toBeLessThan(600);
  });

  it('SQLite failing inside the failure path is logged, not fatal; the batch fails once there is room', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'autoclip-full-'));
    const data = path.join(dir, 'data');
    expect(tryMount(data, '8m')).toBe(true);
    mounts.push(data);
    const gates: FixtureOptions['gates'] = {};
    t = await startTestApp({ dir, patch: () => ({ stages: fixtureStages({ gates }) }) });
    fs.writeFileSync(path.join(t.mediaRoot, 'a.mp4'), 'fake');
    const gate = (gates.prepareVideo = new Gate());
    const created = await gql(t.url, CREATE, { input: { sources: [{ type: 'LOCAL', path: 'a.mp4' }] } });
    const id = created.data.createBatch.batch.id;
    await gate.reached;
    const filler = path.join(data, 'filler');
    fill(filler);
    gate.release();
    await t.app.runner.idle(rawIdOf(id));
    // Still serving while the disk is full.
    const health = await fetch(`${t.url}/healthz`);
    expect(health.status).toBeGreaterThanOrEqual(200);
    expect((await gql(t.url, `query H { __typename }`)).data.__typename).toBe('Query');
    // Room again: the failure is recorded with its cause.
    fs.rmSync(filler);
    const end = await collect(wsClient(t.url), PROGRESS, { id }, (e) => e.batchProgress.status === 'FAILED');
    expect(end.at(-1).batchProgress.message).toMatch(/full|no space/i);
  });
});

function rawIdOf(globalId: string): string {
  return Buffer.from(globalId, 'base64').toString().split(':').slice(1).join(':');
}
