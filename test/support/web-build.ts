/** vitest globalSetup: builds the review app (web/dist) once before the files run, unless it is up to date. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Runs scripts/build-web.ts (a no-op when web/dist is of the current sources). */
export default function setup(): void {
  const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
  const res = spawnSync(tsx, [path.join(root, 'scripts', 'build-web.ts')], { cwd: root, stdio: 'inherit' });
  if (res.status !== 0) throw new Error(`building the review app failed (exit ${res.status})`);
}
