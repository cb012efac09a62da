/**
 * Probes the workers made of the files they wrote (a compressed copy, a
 * joined video), kept until the server probes that file: then the answer is
 * already here and no job downloads the file again just to read its header.
 * A probe is used once, and only while the file is unchanged since it arrived.
 */
import { stat } from 'node:fs/promises';
import type { ProbeInfo } from '../domain/types.js';
import type { MediaJobKind } from '../workers/media-pool.js';

/** The job kinds whose first output the server probes next; their workers probe it before uploading. */
export const PROBED_OUTPUT_KINDS: ReadonlySet<MediaJobKind> = new Set<MediaJobKind>(['compress', 'join']);

/** A bounded book of probes by server path. */
export function createOutputProbes(limit = 256) {
  const byPath = new Map<string, { size: number; mtimeMs: number; probe: ProbeInfo }>();
  return {
    /** Keeps the worker's probe of `file`, which has just been collected to the server. */
    async remember(file: string, probe: ProbeInfo): Promise<void> {
      const st = await stat(file).catch(() => null);
      if (!st || st.size !== probe.sizeBytes) return;
      byPath.delete(file);
      byPath.set(file, { size: st.size, mtimeMs: st.mtimeMs, probe });
      while (byPath.size > limit) byPath.delete(byPath.keys().next().value!);
    },
    /** The kept probe of `file` if the file is still what the worker probed (then forgotten), else null. */
    async take(file: string): Promise<ProbeInfo | null> {
      const hit = byPath.get(file);
      if (!hit) return null;
      byPath.delete(file);
      const st = await stat(file).catch(() => null);
      return st && st.size === hit.size && st.mtimeMs === hit.mtimeMs ? hit.probe : null;
    },
  };
}
