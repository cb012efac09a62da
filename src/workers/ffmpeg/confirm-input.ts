/**
 * Re-confirms a user's LOCAL file right before ffmpeg opens it: between the batch's
 * creation and a render hours later, a file in a media root can be swapped for a
 * symlink to a file outside the roots (its frames would end up in the output) or for
 * a FIFO (ffmpeg would hang). The path must still be the real path of a regular file
 * inside a root, reached without any symlink, with the size, device, inode and
 * modification time the probe saw.
 */
import { constants } from 'node:fs';
import { lstat, open, realpath } from 'node:fs/promises';
import { UnrecoverableError } from '../../domain/errors.js';
import type { FileIdentity } from '../../domain/types.js';
import { isInside } from '../../domain/is-inside.js';

/** A LOCAL input as checked at preparation. */
export interface ConfirmedInput {
  /** The real path ffmpeg is given. */
  path: string;
  /** Its size when it was probed. */
  sizeBytes: number;
  /** The media roots it must stay inside. */
  roots: string[];
  /** How errors name it (e.g. "video 2"). */
  label: string;
  /** Device, inode and modification time when it was probed (absent for batches made before they were recorded). */
  identity?: FileIdentity;
}

/** The identity of the file at `file`, without following a last symlink. */
export async function fileIdentity(file: string): Promise<FileIdentity> {
  const st = await lstat(file);
  return { dev: st.dev, ino: st.ino, mtimeMs: Math.floor(st.mtimeMs) };
}

/** Throws UnrecoverableError unless the file is still what was checked. */
export async function confirmLocalInput(input: ConfirmedInput): Promise<void> {
  const refuse = (why: string) => {
    throw new UnrecoverableError(`${input.label}: the source file changed since it was checked (${why}); put the original file back and retry the batch`);
  };
  const link = await lstat(input.path).catch(() => null);
  if (!link) return refuse('it is gone');
  if (link.isSymbolicLink()) return refuse('it is now a symbolic link');
  if (!link.isFile()) return refuse('it is no longer a regular file');
  const real = await realpath(input.path).catch(() => null);
  if (real !== input.path) return refuse('a folder on its path is now a symbolic link');
  let inside = false;
  for (const root of input.roots) {
    const realRoot = await realpath(root).catch(() => null);
    if (realRoot && isInside(realRoot, real)) inside = true;
  }
  if (!inside) return refuse('it is no longer inside the media roots');
  // O_NOFOLLOW and O_NONBLOCK: a link or a FIFO swapped in since lstat cannot trap this open.
  const handle = await open(input.path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK).catch(() => null);
  if (!handle) return refuse('it cannot be opened as a plain file');
  try {
    const st = await handle.stat();
    if (!st.isFile() || st.dev !== link.dev || st.ino !== link.ino) return refuse('it was replaced while being checked');
    if (st.size !== input.sizeBytes) return refuse(`its size is ${st.size} bytes, not the ${input.sizeBytes} that were probed`);
    const id = input.identity;
    if (id && (st.dev !== id.dev || st.ino !== id.ino)) return refuse('another file now has its name');
    if (id && Math.floor(st.mtimeMs) !== id.mtimeMs) return refuse('it was modified');
  } finally {
    await handle.close();
  }
}

/**
 * The confirmation an ffmpeg request needs for a video: a user's LOCAL file yes, our own
 * downloads no. `roots` is undefined only for callers without a configuration (stage unit tests).
 */
export function localInputsOf(
  video: { index: number; sourceType: string; downloaded: boolean; localPath: string | null; probe: { sizeBytes: number; file?: FileIdentity } | null },
  roots: string[] | undefined,
): ConfirmedInput[] {
  if (!roots || video.sourceType !== 'LOCAL' || video.downloaded || !video.localPath || !video.probe) return [];
  return [{ path: video.localPath, sizeBytes: video.probe.sizeBytes, roots, label: `video ${video.index}`, identity: video.probe.file }];
}
