/**
 * The server's side of a job's files: inputs become storage objects under
 * `queue/<jobId>/in/` (a hard link for local storage, an upload for OSS) with
 * signed download links; outputs get signed upload links under
 * `queue/<jobId>/out/` and are moved to where the stage expects them.
 */
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { resolveObjectPath } from '../storage/local-storage.js';
import type { Storage } from '../storage/storage.js';
import type { JobInput, JobOutput } from './job-spec.js';
import { unpackDir } from './pack.js';

/** Moves a job's files between the server and storage. */
export interface JobFiles {
  /** Makes a local file a storage object for the job and signs a download link. */
  stageInput(jobId: string, tok: string, ext: string, file: string, sizeBytes: number): Promise<JobInput>;
  /** Signs the upload link of one output. */
  uploadTarget(jobId: string, out: { token: string; ext: string; dir: boolean }, maxBytes: number): Promise<JobOutput>;
  /** Puts an uploaded output at `dest` (a directory is unpacked there); `keep` leaves the object for another waiter. */
  collect(jobId: string, out: { token: string; ext: string; dir: boolean }, dest: string, keep: boolean): Promise<void>;
  /** Removes every object of the job. */
  cleanup(jobId: string): Promise<void>;
}

function objectKey(jobId: string, side: 'in' | 'out', tok: string, ext: string): string {
  return `queue/${jobId}/${side}/${tok.replaceAll('@', '')}${ext}`;
}

/**
 * Builds the server's job file mover; `localRoot` is the storage root when storage is local.
 * Long because staging, collecting and cleaning up are one object over the same key scheme and link lifetime.
 */
export function createJobFiles(deps: { storage: Storage; localRoot: string | null; linkTtlSeconds: number }): JobFiles {
  const { storage, localRoot, linkTtlSeconds: ttl } = deps;

  /** Local storage: a hard link costs nothing on the same filesystem; a copy otherwise. */
  const linkInto = async (file: string, key: string): Promise<void> => {
    const target = resolveObjectPath(localRoot!, key);
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.rm(target, { force: true });
    try {
      await fs.link(file, target);
    } catch {
      await fs.copyFile(file, target);
    }
  };

  /** Brings an output object to a local file. */
  const fetchTo = async (key: string, dest: string, keep: boolean): Promise<void> => {
    await fs.mkdir(path.dirname(dest), { recursive: true });
    if (localRoot) {
      const src = resolveObjectPath(localRoot, key);
      if (keep) return fs.copyFile(src, dest);
      try {
        return await fs.rename(src, dest);
      } catch (err) {
        if ((err as { code?: string }).code !== 'EXDEV') throw err;
        await fs.copyFile(src, dest);
        return fs.rm(src, { force: true });
      }
    }
    const res = await fetch(await storage.signedUrl(key, ttl));
    if (!res.ok || !res.body) throw new Error(`fetching job output ${key} answered ${res.status}`);
    await pipeline(Readable.fromWeb(res.body as WebReadableStream), createWriteStream(dest));
  };

  return {
    async stageInput(jobId, tok, ext, file, sizeBytes) {
      const key = objectKey(jobId, 'in', tok, ext);
      if (localRoot) await linkInto(file, key);
      else await storage.putFile(key, file);
      return { token: tok, ext, url: await storage.signedUrl(key, ttl), sizeBytes };
    },

    async uploadTarget(jobId, out, maxBytes) {
      const key = objectKey(jobId, 'out', out.token, out.dir ? '.pack' : out.ext);
      return { token: out.token, ext: out.ext, dir: out.dir, uploadUrl: await storage.signedUploadUrl(key, ttl, maxBytes) };
    },

    async collect(jobId, out, dest, keep) {
      const key = objectKey(jobId, 'out', out.token, out.dir ? '.pack' : out.ext);
      if (!out.dir) return fetchTo(key, dest, keep);
      const pack = `${dest}.${process.pid}.pack`;
      await fetchTo(key, pack, true);
      try {
        await unpackDir(pack, dest);
      } finally {
        await fs.rm(pack, { force: true });
      }
    },

    async cleanup(jobId) {
      await storage.deletePrefix(`queue/${jobId}/`);
    },
  };
}
