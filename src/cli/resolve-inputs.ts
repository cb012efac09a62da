/** The CLI's file arguments → real paths and the media roots that admit exactly their directories. */
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from './parse-args.js';

/** Resolved inputs: each file's real path, and the distinct directories holding them. */
export interface ResolvedInputs {
  paths: string[];
  mediaRoots: string[];
}

/**
 * Checks every file before anything is opened (so a typo costs nothing and
 * creates no directories) and names the first one that is missing or not a
 * regular file. Symlinks are followed: the media-root check does the same.
 */
export function resolveInputs(files: readonly string[], cwd: string): ResolvedInputs {
  const paths: string[] = [];
  for (const file of files) {
    const abs = path.resolve(cwd, file);
    let real: string;
    try {
      real = fs.realpathSync(abs);
    } catch {
      throw new UsageError(`no such file: ${file}`);
    }
    if (!fs.statSync(real).isFile()) throw new UsageError(`not a regular file: ${file}`);
    paths.push(real);
  }
  return { paths, mediaRoots: [...new Set(paths.map((p) => path.dirname(p)))] };
}

/** Checks that the output's directory exists, so a long run does not end in a failed write. */
export function checkOutputPath(out: string, cwd: string): string {
  const abs = path.resolve(cwd, out);
  const dir = path.dirname(abs);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(dir);
  } catch {
    throw new UsageError(`the directory of --out does not exist: ${dir}`);
  }
  if (!stat.isDirectory()) throw new UsageError(`the directory of --out is not a directory: ${dir}`);
  if (fs.existsSync(abs) && fs.statSync(abs).isDirectory()) throw new UsageError(`--out names a directory, not a file: ${out}`);
  return abs;
}
