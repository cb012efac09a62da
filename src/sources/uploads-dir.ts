/**
 * Browser uploads (tus, on `/uploads/`) land in `DATA_DIR/uploads`. A finished
 * upload is used as a LOCAL source by its upload id, so LOCAL paths may also
 * resolve there. The batch's cleanup leaves it; upload-sweeper.ts removes it
 * once no batch may need it any more.
 */
import path from 'node:path';
import type { Config } from '../config.js';

/** Where uploads are stored. */
export function uploadsDirOf(dataDir: string): string {
  return path.join(path.resolve(dataDir), 'uploads');
}

/** The folders a LOCAL source may come from: the media roots, then the uploads. */
export function localRoots(config: Pick<Config, 'mediaRoots' | 'dataDir'>): string[] {
  return [...config.mediaRoots, uploadsDirOf(config.dataDir)];
}
