/** Where the built review app lives: `web/dist` next to the package.json above this file (src/ or dist/src/). */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package's `web/dist`, or null when no package.json is found above this file. */
export function defaultWebDir(): string | null {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++, dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return path.join(dir, 'web', 'dist');
  }
  return null;
}
