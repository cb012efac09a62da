import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isInside } from '../../src/domain/is-inside.js';
import { resolveLocalPath } from '../../src/sources/local-source.js';
import { tempDir } from './clips.js';

describe('isInside', () => {
  it.each([
    ['/data', '/data/a.mp4', true],
    ['/data', '/data/sub/a.mp4', true],
    ['/data', '/data', false],
    ['/data', '/data-evil/a.mp4', false],
    ['/data', '/other/a.mp4', false],
    ['/data', '/data/../etc/passwd', false],
    ['/data', '/data/..hidden.mp4', false],
  ])('isInside(%s, %s) = %s', (root, child, expected) => {
    expect(isInside(root, child)).toBe(expected);
  });
});

describe('resolveLocalPath', () => {
  let dir: string;
  let remove: () => Promise<void>;
  let root: string;
  let root2: string;
  beforeAll(async () => {
    ({ dir, remove } = await tempDir());
    root = path.join(dir, 'media');
    root2 = path.join(dir, 'media2');
    await mkdir(path.join(root, 'sub'), { recursive: true });
    await mkdir(root2);
    await mkdir(path.join(dir, 'media-evil'));
    await writeFile(path.join(root, 'a.mp4'), 'x');
    await writeFile(path.join(root, 'sub', 'b.mp4'), 'x');
    await writeFile(path.join(root2, 'c.mp4'), 'x');
    await writeFile(path.join(dir, 'media-evil', 'e.mp4'), 'x');
    await writeFile(path.join(dir, 'secret.txt'), 'x');
    await symlink(path.join(dir, 'secret.txt'), path.join(root, 'escape.mp4'));
    await symlink(path.join(root, 'sub', 'b.mp4'), path.join(root, 'inside-link.mp4'));
    await promisify(execFile)('mkfifo', [path.join(root, 'fifo.mp4')]);
  });
  afterAll(async () => remove());

  it('resolves relative paths under the first root that has them', async () => {
    expect(await resolveLocalPath('a.mp4', [root, root2])).toBe(path.join(root, 'a.mp4'));
    expect(await resolveLocalPath('c.mp4', [root, root2])).toBe(path.join(root2, 'c.mp4'));
    expect(await resolveLocalPath('sub/b.mp4', [root])).toBe(path.join(root, 'sub', 'b.mp4'));
  });

  it('accepts absolute paths inside a root and symlinks that stay inside', async () => {
    expect(await resolveLocalPath(path.join(root, 'a.mp4'), [root])).toBe(path.join(root, 'a.mp4'));
    expect(await resolveLocalPath('inside-link.mp4', [root])).toBe(path.join(root, 'sub', 'b.mp4'));
  });

  it.each([
    ['../secret.txt', /outside the media roots/],
    ['escape.mp4', /outside the media roots/],
    ['SECRET', /outside the media roots/],
    ['nope.mp4', /does not exist/],
    ['sub', /directory/],
    ['.', /outside the media roots/],
    ['fifo.mp4', /not a regular file/],
    ['a.mp4\0.txt', /NUL byte/],
    ['', /empty/],
  ])('refuses %j', async (input, message) => {
    const abs = input === 'SECRET' ? path.join(dir, 'media-evil', 'e.mp4') : input;
    await expect(resolveLocalPath(abs, [root])).rejects.toMatchObject({ name: 'SourceError', retryable: false, message: expect.stringMatching(message) });
  });

  it('refuses when no roots are configured', async () => {
    await expect(resolveLocalPath('a.mp4', [])).rejects.toThrow(/MEDIA_ROOTS/);
  });
});
