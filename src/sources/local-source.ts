/**
 * LOCAL sources: a file already on this machine, inside one of the configured
 * media roots. It is read in place and never modified or deleted.
 */
import { constants } from 'node:fs';
import { open, realpath } from 'node:fs/promises';
import path from 'node:path';
import { SourceError } from '../domain/errors.js';
import { isInside } from '../domain/is-inside.js';
import type { SourceFetcher } from './source.js';
import { localRoots } from './uploads-dir.js';

async function realOrNull(p: string): Promise<string | null> {
  try {
    return await realpath(p);
  } catch {
    return null;
  }
}

/**
 * Resolves a user-given path against the media roots: relative paths are
 * tried under each root in order, symlinks are followed, and the real file
 * must be inside a real root and a regular file. Throws SourceError (not retryable).
 */
export async function resolveLocalPath(input: string, mediaRoots: string[]): Promise<string> {
  if (input.includes('\0')) throw new SourceError('the path contains a NUL byte', false);
  if (!input.trim()) throw new SourceError('the path is empty', false);
  if (mediaRoots.length === 0) throw new SourceError('no media roots are configured (MEDIA_ROOTS), so LOCAL sources are disabled', false);

  // A path that leaves the roots gets one answer whether or not it exists, so the error
  // cannot be used to probe the rest of the file system.
  let missingInside = false;
  for (const root of mediaRoots) {
    const realRoot = await realOrNull(root);
    if (!realRoot) continue;
    const lexical = path.resolve(root, input);
    const real = await realOrNull(lexical);
    if (!real) {
      if (isInside(path.resolve(root), lexical)) missingInside = true;
      continue;
    }
    if (!isInside(realRoot, real)) continue;
    await assertRegularFile(real, input);
    return real;
  }
  if (missingInside) throw new SourceError(`"${input}" does not exist in any media root`, false);
  throw new SourceError(`"${input}" is outside the media roots; LOCAL paths must be inside a directory listed in MEDIA_ROOTS`, false);
}

/** Opens without following a last symlink and without blocking on a FIFO, then fstat: regular files only. */
async function assertRegularFile(real: string, input: string): Promise<void> {
  let handle;
  try {
    handle = await open(real, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EISDIR') throw new SourceError(`"${input}" is a directory, not a file`, false);
    throw new SourceError(`"${input}" cannot be read (${code ?? 'error'})`, false);
  }
  try {
    const st = await handle.stat();
    if (st.isDirectory()) throw new SourceError(`"${input}" is a directory, not a file`, false);
    if (!st.isFile()) throw new SourceError(`"${input}" is not a regular file`, false);
  } finally {
    await handle.close();
  }
}

/** LOCAL fetcher: checks the path and hands it on untouched (`downloaded: false`). */
export const localSource: SourceFetcher = {
  async fetch(video, deps) {
    if (!video.sourcePath) throw new SourceError('a LOCAL source needs a path', false);
    const localPath = await resolveLocalPath(video.sourcePath, localRoots(deps.config));
    return { localPath, downloaded: false };
  },
};
