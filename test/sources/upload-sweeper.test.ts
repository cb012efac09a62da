/**
 * The upload lifecycle on an injected clock, over the real database: an upload a
 * batch uses stays while the batch runs, waits or ended less than the retention
 * ago (a re-render moves the clock on), and goes once every batch using it has been
 * idle longer; an upload no batch uses goes after its TTL, finished or not.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatchStore } from '../../src/db/batch-store.js';
import { createDb, type Db } from '../../src/db/client.js';
import { localSourceRefs } from '../../src/db/upload-refs.js';
import type { BatchStatus } from '../../src/domain/statuses.js';
import { createUploadSweeper } from '../../src/sources/upload-sweeper.js';

const HOUR = 3600_000;
const T0 = new Date('2030-01-01T00:00:00Z').getTime();
let clock = T0;
const now = () => new Date(clock);

let dir: string;
let uploads: string;
let db: Db;
let batches: BatchStore;

/** A finished (or partial) tus upload created at `created`. */
function upload(id: string, created: number, partial = false): void {
  fs.writeFileSync(path.join(uploads, id), 'x'.repeat(partial ? 2 : 4));
  fs.writeFileSync(path.join(uploads, `${id}.json`), JSON.stringify({ id, size: 4, offset: partial ? 2 : 4, creation_date: new Date(created).toISOString() }));
}

/** A batch using `sources` (upload ids as given to createBatch), put in `status` now. */
function batch(sources: string[], status: BatchStatus): string {
  const b = batches.create({
    compressionProfile: 'BALANCED',
    tempUrlExpirySeconds: 3600,
    output: {} as never,
    enableVlAnalysis: false,
    enableAsr: false,
    webhookUrl: null,
    customPrompt: null,
    autoApprove: false,
    sources: sources.map((p) => ({ type: 'LOCAL' as const, path: p, url: null, compressionProfile: null })),
  });
  batches.update(b.id, { status });
  return b.id;
}

const present = () => fs.readdirSync(uploads).filter((n) => !n.endsWith('.json')).sort();

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'autoclip-upload-sweep-'));
  uploads = path.join(dir, 'uploads');
  fs.mkdirSync(uploads);
  db = createDb(path.join(dir, 'autoclip.db'));
  batches = new BatchStore(db, now);
});
afterAll(() => {
  db.$client.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('upload sweeper', () => {
  it('keeps what batches may still need, releases what they no longer can, expires what none used', async () => {
    const sweeper = createUploadSweeper({ dir: uploads, ttlSeconds: 3600, retentionSeconds: 24 * 3600, refs: () => localSourceRefs(db), log: pino({ level: 'silent' }), now });
    upload('live', T0 - 5 * HOUR);
    upload('done', T0 - 5 * HOUR);
    upload('shared', T0 - 5 * HOUR);
    upload('unused-old', T0 - 2 * HOUR);
    upload('unused-new', T0 - HOUR / 6, true);
    const live = batch(['live'], 'AWAITING_APPROVAL');
    const done = batch(['done'], 'COMPLETED');
    // After preparation the video knows the upload by its real path.
    batches.updateVideo(batches.videos(done)[0]!.id, { localPath: path.join(fs.realpathSync(uploads), 'done') });
    batch(['shared'], 'CANCELLED');
    batch(['shared'], 'FAILED');

    // At the start: only the unused upload past its TTL goes.
    expect(await sweeper.sweepOnce()).toEqual({ expired: ['unused-old'], released: [] });
    expect(present()).toEqual(['done', 'live', 'shared', 'unused-new']);

    // 20 h later the completed batch is re-rendered: its upload's retention starts again.
    clock = T0 + 20 * HOUR;
    batches.update(done, { status: 'CLIPPING' });
    batches.update(done, { status: 'COMPLETED' });
    clock = T0 + 30 * HOUR;
    expect(await sweeper.sweepOnce()).toEqual({ expired: ['unused-new'], released: ['shared'] });
    expect(present()).toEqual(['done', 'live']);
    expect(fs.readdirSync(uploads).sort()).toEqual(['done', 'done.json', 'live', 'live.json']);

    // A batch waiting for a person keeps its upload however long it waits.
    clock = T0 + 60 * HOUR;
    expect(await sweeper.sweepOnce()).toEqual({ expired: [], released: ['done'] });
    expect(present()).toEqual(['live']);
    batches.update(live, { status: 'CANCELLED' });
    clock = T0 + 85 * HOUR;
    expect(await sweeper.sweepOnce()).toEqual({ expired: [], released: ['live'] });
    expect(fs.readdirSync(uploads)).toEqual([]);
  });

  it('sweeps when started, before the first interval, and stop waits for it', async () => {
    upload('stale', clock - 2 * HOUR);
    upload('fresh', clock);
    const sweeper = createUploadSweeper({ dir: uploads, ttlSeconds: 3600, retentionSeconds: 0, refs: () => localSourceRefs(db), log: pino({ level: 'silent' }), now });
    sweeper.start(3600);
    await sweeper.stop();
    expect(present()).toEqual(['fresh']);
  });
});
