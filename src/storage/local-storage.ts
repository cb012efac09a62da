/**
 * The filesystem storage backend: objects are files under `root`, served by
 * `file-handler.ts` through signed, expiring links.
 */
import crypto from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { signLink } from './signed-links.js';
import type { Storage, StoredObject } from './storage.js';
import { isInside } from '../domain/is-inside.js';

/** Options for {@link createLocalStorage}. */
export interface LocalStorageOptions {
  /** Directory holding the objects (the server passes `${DATA_DIR}/storage`). */
  root: string;
  /** Secret for signed links. */
  secret: string;
  /** How clients reach this server, e.g. `http://127.0.0.1:4000`; a function when it is known only once the server listens. */
  publicBaseUrl: string | (() => string);
  now?: () => Date;
}

/** Where half-written uploads live: inside root (same filesystem, so rename is atomic) but never a key. */
const UPLOADS_DIR = '.uploads';

/** A key that is not a safe relative path under the storage root. */
export class InvalidKeyError extends Error {
  override name = 'InvalidKeyError';
}

/**
 * Maps a key to its file under `root`, refusing anything that could escape it:
 * NUL bytes, backslashes, absolute keys, empty, `.` or `..` segments, and the
 * reserved upload directory.
 */
export function resolveObjectPath(root: string, key: string): string {
  if (typeof key !== 'string' || key.length === 0 || key.length > 1024) throw new InvalidKeyError('key must be 1..1024 characters');
  if (key.includes('\0') || key.includes('\\')) throw new InvalidKeyError(`key contains a forbidden character: ${JSON.stringify(key)}`);
  if (key.startsWith('/') || path.isAbsolute(key)) throw new InvalidKeyError(`key must be relative: ${key}`);
  const segments = key.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..')) throw new InvalidKeyError(`key has an empty, . or .. segment: ${key}`);
  if (segments[0] === UPLOADS_DIR) throw new InvalidKeyError(`key uses the reserved prefix ${UPLOADS_DIR}/`);
  const base = path.resolve(root);
  const full = path.resolve(base, key);
  if (!isInside(base, full)) throw new InvalidKeyError(`key escapes the storage root: ${key}`);
  return full;
}

function isNotFound(err: unknown): boolean {
  const code = (err as { code?: string })?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/**
 * Creates the local filesystem backend.
 * Long because it is a factory: one short method per Storage operation over the same root.
 */
export function createLocalStorage(options: LocalStorageOptions): Storage {
  const root = path.resolve(options.root);
  const now = options.now ?? (() => new Date());
  const baseUrl = (): string =>
    (typeof options.publicBaseUrl === 'function' ? options.publicBaseUrl() : options.publicBaseUrl).replace(/\/+$/, '');

  const statFile = async (key: string, file: string): Promise<StoredObject | null> => {
    try {
      const st = await fs.stat(file);
      return st.isFile() ? { key, sizeBytes: st.size, lastModified: st.mtime } : null;
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  };

  /** Removes now-empty directories from `dir` up to (not including) root, so deleted batches leave no trees. */
  const pruneEmptyDirs = async (dir: string): Promise<void> => {
    while (dir.startsWith(root + path.sep) && dir !== root) {
      try {
        await fs.rmdir(dir);
      } catch {
        return; // not empty (or already gone): stop climbing
      }
      dir = path.dirname(dir);
    }
  };

  /** Every file under `dir`, as keys. */
  const walk = async (dir: string, out: StoredObject[]): Promise<void> => {
    let entries;
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (dir === root && e.name === UPLOADS_DIR) continue;
        await walk(full, out);
      } else if (e.isFile()) {
        const key = path.relative(root, full).split(path.sep).join('/');
        const st = await statFile(key, full);
        if (st) out.push(st);
      }
    }
  };

  const list = async (prefix: string): Promise<StoredObject[]> => {
    if (prefix.includes('\0') || prefix.split('/').some((s) => s === '..')) throw new InvalidKeyError(`bad prefix: ${prefix}`);
    // Only walk the deepest directory the prefix names, not the whole tree.
    const dirPart = prefix.includes('/') ? prefix.slice(0, prefix.lastIndexOf('/')) : '';
    const start = dirPart ? resolveObjectPath(root, dirPart) : root;
    const out: StoredObject[] = [];
    await walk(start, out);
    return out.filter((o) => o.key.startsWith(prefix)).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  };

  const remove = async (key: string): Promise<void> => {
    const file = resolveObjectPath(root, key);
    try {
      await fs.unlink(file);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    await pruneEmptyDirs(path.dirname(file));
  };

  return {
    driver: 'local',
    publicUrls: false,

    async putFile(key, filePath, opts) {
      const target = resolveObjectPath(root, key);
      const uploads = path.join(root, UPLOADS_DIR);
      await fs.mkdir(uploads, { recursive: true });
      await fs.mkdir(path.dirname(target), { recursive: true });
      const tmp = path.join(uploads, `${crypto.randomUUID()}.part`);
      try {
        await pipeline(createReadStream(filePath), createWriteStream(tmp, { mode: 0o640 }), { signal: opts?.signal });
        // rename is atomic on one filesystem: readers see the old object or the whole new one.
        await fs.rename(tmp, target);
      } catch (err) {
        await fs.rm(tmp, { force: true });
        throw err;
      }
      const st = await statFile(key, target);
      if (!st) throw new Error(`stored object ${key} vanished after upload`);
      return st;
    },

    async signedUrl(key, expiresInSeconds) {
      resolveObjectPath(root, key);
      const expiresAt = Math.floor(now().getTime() / 1000) + Math.max(1, Math.floor(expiresInSeconds));
      const link = signLink(options.secret, key, expiresAt);
      return `${baseUrl()}${link.path}?${link.query}`;
    },

    delete: remove,

    async deletePrefix(prefix) {
      const objects = await list(prefix);
      for (const o of objects) await remove(o.key);
      return objects.length;
    },

    list,

    async stat(key) {
      return statFile(key, resolveObjectPath(root, key));
    },

    async check() {
      try {
        await fs.mkdir(root, { recursive: true });
        await fs.access(root, fs.constants.W_OK);
        return { ok: true, message: `local storage at ${root}` };
      } catch (err) {
        return { ok: false, message: `local storage at ${root} is not writable: ${(err as Error).message}` };
      }
    },
  };
}
