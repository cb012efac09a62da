/**
 * Lists the video files under the media roots for a file picker, confined the
 * way LOCAL sources are: symlinks are followed only when their target stays
 * inside the root, hidden entries are skipped, and the walk is bounded.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { isInside } from '../domain/is-inside.js';

/** One file a LOCAL source may name. */
export interface MediaFileEntry {
  /** Relative to its media root: what a LOCAL source's `path` takes. */
  path: string;
  size: number;
  modifiedAt: Date;
}

const VIDEO = /\.(mp4|m4v|mov|mkv|webm|avi|flv|ts|mts|m2ts|wmv|3gp|mpg|mpeg)$/i;
const MAX_DEPTH = 8;
const MAX_FILES = 10_000;

async function walk(realRoot: string, dir: string, depth: number, out: Map<string, MediaFileEntry>): Promise<void> {
  if (depth > MAX_DEPTH || out.size >= MAX_FILES) return;
  const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const e of entries) {
    if (e.name.startsWith('.') || out.size >= MAX_FILES) continue;
    const full = path.join(dir, e.name);
    const real = await fs.realpath(full).catch(() => null);
    if (!real || !isInside(realRoot, real)) continue;
    const st = await fs.stat(real).catch(() => null);
    if (!st) continue;
    if (st.isDirectory()) await walk(realRoot, full, depth + 1, out);
    else if (st.isFile() && VIDEO.test(e.name)) {
      const rel = path.relative(realRoot, full).split(path.sep).join('/');
      if (!out.has(rel)) out.set(rel, { path: rel, size: st.size, modifiedAt: st.mtime });
    }
  }
}

/** Every video file under the roots (first root wins on equal paths), sorted by path. */
export async function listMediaFiles(roots: string[]): Promise<MediaFileEntry[]> {
  const out = new Map<string, MediaFileEntry>();
  for (const root of roots) {
    const realRoot = await fs.realpath(root).catch(() => null);
    if (realRoot) await walk(realRoot, realRoot, 0, out);
  }
  return [...out.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
