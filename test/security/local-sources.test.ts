/**
 * LOCAL sources are re-confirmed right before ffmpeg opens them: a file swapped after
 * preparation for a symlink to a file outside the media roots, or for a FIFO, fails its
 * video with a clear message (the old code encoded the outside file, or hung on the
 * FIFO). Paths outside the roots get one answer whether or not they exist, and signed
 * /files/ links never follow a symlink.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withRuns } from '../../src/pipeline/registry.js';
import { prepareVideo } from '../../src/pipeline/stages/prepare.js';
import { signLink } from '../../src/storage/signed-links.js';
import { Gate } from '../support/fixture-stages.js';
import { gql, startTestApp, type TestApp } from '../support/test-app.js';
import { collect, wsClient } from '../support/ws-client.js';

const CREATE = `mutation C($input: CreateBatchInput!) { createBatch(input: $input) { __typename ... on CreateBatchPayload { batch { id } } ... on ValidationError { message field } } }`;
const PROGRESS = `subscription P($id: ID!) { batchProgress(batchId: $id) { status } }`;

let t: TestApp;
let outside: string;
// Holds a batch after preparation (probe done) until the test has swapped its file.
let hold: Gate | null = null;

beforeAll(async () => {
  t = await startTestApp({
    env: { STORAGE_SIGNING_SECRET: 's3cret' },
    patch: () => ({
      stages: withRuns({
        async PREPARATION(...args: Parameters<typeof prepareVideo>) {
          const out = await prepareVideo(...args);
          await hold?.wait(args[3].signal);
          return out;
        },
      }),
    }),
  });
  outside = path.join(t.dir, 'secret.mp4');
  clip(outside, 'red');
});
afterAll(async () => t?.stop());

function clip(file: string, color: string): void {
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', `color=c=${color}:size=64x48:rate=5:duration=2`, '-pix_fmt', 'yuv420p', file]);
}

async function swapAfterPrepare(name: string, swap: (file: string) => void): Promise<{ status: string; error: string }> {
  const file = path.join(t.mediaRoot, name);
  clip(file, 'blue');
  hold = new Gate();
  const created = await gql(t.url, CREATE, { input: { sources: [{ type: 'LOCAL', path: name }], enableVlAnalysis: false } });
  const id = created.data.createBatch.batch.id;
  await hold.reached;
  swap(file);
  const gate = hold;
  hold = null;
  gate.release();
  await collect(wsClient(t.url), PROGRESS, { id }, (e) => ['FAILED', 'AWAITING_APPROVAL', 'COMPLETED'].includes(e.batchProgress.status));
  const q = await gql(t.url, `query B($id: ID!) { batch(id: $id) { status videos { error } } }`, { id });
  return { status: q.data.batch.status, error: q.data.batch.videos[0].error ?? '' };
}

describe('a source swapped after it was checked', () => {
  it('for a symlink to a file outside the roots is refused, not encoded', async () => {
    const res = await swapAfterPrepare('swap-link.mp4', (file) => {
      fs.rmSync(file);
      fs.symlinkSync(outside, file);
    });
    expect(res.status).toBe('FAILED');
    expect(res.error).toMatch(/changed since it was checked \(it is now a symbolic link\)/);
  });

  it('for a FIFO is refused instead of hanging ffmpeg', async () => {
    const res = await swapAfterPrepare('swap-fifo.mp4', (file) => {
      fs.rmSync(file);
      execFileSync('mkfifo', [file]);
    });
    expect(res.status).toBe('FAILED');
    expect(res.error).toMatch(/no longer a regular file/);
  });

  it('for another regular file of the same size (a hard link to a file outside the roots) is refused', async () => {
    // Same size, a regular file, inside the roots by its path: only its identity tells it apart.
    const twin = path.join(t.dir, 'twin.mp4');
    const res = await swapAfterPrepare('swap-hardlink.mp4', (file) => {
      fs.copyFileSync(file, twin);
      fs.rmSync(file);
      fs.linkSync(twin, file);
    });
    expect(res.status).toBe('FAILED');
    expect(res.error).toMatch(/changed since it was checked \(another file now has its name\)/);
  });

  it('for the same file rewritten in place is refused', async () => {
    const res = await swapAfterPrepare('swap-rewrite.mp4', (file) => {
      const bytes = fs.readFileSync(file);
      bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 0xff;
      fs.writeFileSync(file, bytes);
      const later = new Date(Date.now() + 5_000);
      fs.utimesSync(file, later, later);
    });
    expect(res.status).toBe('FAILED');
    expect(res.error).toMatch(/changed since it was checked \(it was modified\)/);
  });
});

describe('paths outside the roots', () => {
  it('get the same answer whether or not they exist', async () => {
    const answer = async (p: string) => {
      const res = await gql(t.url, CREATE, { input: { sources: [{ type: 'LOCAL', path: p }] } });
      return String(res.data.createBatch.message).replace(p, '<path>');
    };
    const exists = await answer(outside);
    const missing = await answer(path.join(t.dir, 'no-such-file.mp4'));
    expect(exists).toBe(missing);
    expect(await answer('../secret.mp4')).toBe(await answer('../no-such-file.mp4'));
  });
});

describe('/files/', () => {
  it('never follows a symlink, as the file or as a folder on the way', async () => {
    const storage = path.join(t.config.dataDir, 'storage');
    fs.mkdirSync(storage, { recursive: true });
    fs.writeFileSync(path.join(t.dir, 'private.txt'), 'private');
    fs.symlinkSync(path.join(t.dir, 'private.txt'), path.join(storage, 'leak.txt'));
    fs.symlinkSync(t.dir, path.join(storage, 'dir'));
    fs.writeFileSync(path.join(storage, 'plain.txt'), 'plain');
    const get = async (key: string) => {
      const link = signLink('s3cret', key, Math.floor(Date.now() / 1000) + 600);
      const res = await fetch(`${t.url}${link.path}?${link.query}`);
      return { status: res.status, body: await res.text() };
    };
    expect(await get('plain.txt')).toEqual({ status: 200, body: 'plain' });
    for (const key of ['leak.txt', 'dir/private.txt']) {
      const res = await get(key);
      expect(res.status, key).toBe(404);
      expect(res.body).not.toMatch(/private/);
    }
  });
});
