/** The one "is this path inside that folder" check. */
import path from 'node:path';

/**
 * True when `child` lies strictly inside `dir` (both resolved the same way,
 * real paths where symlinks matter). Not a string-prefix test: /data-evil is
 * not inside /data.
 */
export function isInside(dir: string, child: string): boolean {
  const rel = path.relative(dir, child);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}
