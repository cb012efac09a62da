/** Where a downloaded original goes in the batch's work dir. */
import path from 'node:path';

/** `${workDir}/source_${index}${ext}`, keeping a short alphanumeric extension from the remote name when it has one. */
export function downloadTarget(workDir: string, index: number, remoteName: string): string {
  const ext = path.posix.extname(remoteName).toLowerCase();
  // Only something like ".mp4" or ".mov": never a path piece, a query or a long string.
  const safe = /^\.[a-z0-9]{1,5}$/.test(ext) ? ext : '';
  return path.join(workDir, `source_${index}${safe}`);
}
