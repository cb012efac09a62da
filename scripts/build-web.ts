/**
 * Builds the review app (web/ → web/dist) with Vite, unless the build there is
 * already of the current sources: `npm start` runs this every time, so an
 * unchanged app costs nothing. `--force` always builds.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const web = path.join(root, 'web');
const dist = path.join(web, 'dist');
const stampFile = path.join(dist, '.source-stamp');

/** Newest modification time under a file or directory, in ms. */
function newest(p: string): number {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let n = st.mtimeMs;
  for (const e of fs.readdirSync(p)) n = Math.max(n, newest(path.join(p, e)));
  return n;
}

const inputs = ['src', 'public', 'index.html', 'vite.config.ts'].map((p) => path.join(web, p)).concat(path.join(root, 'package-lock.json'));
const stamp = String(Math.max(...inputs.map(newest)));
if (!process.argv.includes('--force') && fs.existsSync(path.join(dist, 'index.html')) && fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === stamp) {
  process.exit(0);
}
// Under vitest NODE_ENV is "test", which would bundle React's development build.
process.env.NODE_ENV = 'production';
await build({ configFile: path.join(web, 'vite.config.ts'), mode: 'production', logLevel: 'warn' });
fs.writeFileSync(stampFile, stamp);
