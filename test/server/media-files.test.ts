/** mediaFiles: video files under the media roots, paged, searchable, confined like LOCAL sources. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, startTestApp, type TestApp } from '../support/test-app.js';

const Q = `query Files($first: Int, $after: String, $search: String) {
  mediaFiles(first: $first, after: $after, search: $search) { totalCount pageInfo { hasNextPage endCursor } edges { node { path size } } }
}`;

describe('mediaFiles', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ env: { ANALYZER: 'offline' } });
    const m = app.mediaRoot;
    fs.mkdirSync(path.join(m, 'day1'), { recursive: true });
    for (const f of ['b.mp4', 'a.mov', 'day1/c.MKV', 'notes.txt', '.hidden.mp4']) fs.writeFileSync(path.join(m, f), 'x'.repeat(10));
    // A symlink that leads out of the root is not offered (LOCAL would refuse it too).
    const outside = path.join(app.dir, 'outside.mp4');
    fs.writeFileSync(outside, 'secret');
    fs.symlinkSync(outside, path.join(m, 'escape.mp4'));
    fs.symlinkSync(path.join(m, 'b.mp4'), path.join(m, 'inside-link.mp4'));
  });
  afterAll(() => app?.stop());

  it('lists video files sorted by path, pages forward, and leaves out what LOCAL would refuse', async () => {
    const page1 = (await gql(app.url, Q, { first: 2 })).data.mediaFiles;
    expect(page1.totalCount).toBe(4);
    expect(page1.edges.map((e: { node: { path: string } }) => e.node.path)).toEqual(['a.mov', 'b.mp4']);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const page2 = (await gql(app.url, Q, { first: 2, after: page1.pageInfo.endCursor })).data.mediaFiles;
    expect(page2.edges.map((e: { node: { path: string } }) => e.node.path)).toEqual(['day1/c.MKV', 'inside-link.mp4']);
    expect(page2.pageInfo.hasNextPage).toBe(false);
    const found = (await gql(app.url, Q, { search: 'DAY1' })).data.mediaFiles;
    expect(found.edges).toEqual([{ node: { path: 'day1/c.MKV', size: 10 } }]);
  });

  it('every listed path is accepted as a LOCAL source', async () => {
    const all = (await gql(app.url, Q, { first: 100 })).data.mediaFiles.edges.map((e: { node: { path: string } }) => e.node.path);
    const { resolveLocalPath } = await import('../../src/sources/local-source.js');
    for (const p of all) await expect(resolveLocalPath(p, app.config.mediaRoots)).resolves.toContain(app.mediaRoot.split(path.sep).pop());
  });

  it('refuses a page size out of range, a huge search and paging backwards, naming the argument', async () => {
    for (const [vars, argument] of [
      [{ first: 0 }, 'first'],
      [{ first: 101 }, 'first'],
      [{ search: 'a'.repeat(100_000) }, 'search'],
    ] as const) {
      const res = await gql(app.url, Q, vars, { allowErrors: true });
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
    }
    const back = await gql(app.url, '{ mediaFiles(last: 2) { totalCount } }', {}, { allowErrors: true });
    expect(back.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'last' });
  });
});
