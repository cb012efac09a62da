/**
 * Finds ffmpeg and ffprobe: FFMPEG_PATH/FFPROBE_PATH, then binaries installed
 * by npm packages, then the system's (PATH). Each candidate must answer
 * `-version` before it is accepted.
 */
import { execFile } from 'node:child_process';
import { access, constants, stat } from 'node:fs/promises';
import path from 'node:path';

/** Paths and versions of the ffmpeg binaries in use. */
export interface MediaTools {
  ffmpegPath: string;
  ffprobePath: string;
  ffmpegVersion: string;
  ffprobeVersion: string;
  /** Where they were found: env, npm or system. */
  source: 'env' | 'npm' | 'system';
}

type Source = MediaTools['source'];

interface Candidate {
  path: string;
  source: Source;
}

/** Paths the operator configured (null: not set). */
export interface MediaToolsConfig {
  ffmpegPath: string | null;
  ffprobePath: string | null;
}

/** Finds working ffmpeg and ffprobe binaries; throws an error naming FFMPEG_PATH/FFPROBE_PATH when none works. */
export async function resolveMediaTools(config: MediaToolsConfig): Promise<MediaTools> {
  const ffmpeg = await firstWorking('ffmpeg', await ffmpegCandidates(config.ffmpegPath), 'FFMPEG_PATH');
  const ffprobe = await firstWorking('ffprobe', await ffprobeCandidates(config.ffprobePath), 'FFPROBE_PATH');
  return {
    ffmpegPath: ffmpeg.path,
    ffprobePath: ffprobe.path,
    ffmpegVersion: ffmpeg.version,
    ffprobeVersion: ffprobe.version,
    source: ffmpeg.source,
  };
}

async function ffmpegCandidates(configured: string | null): Promise<Candidate[]> {
  // A configured path is the operator's explicit choice: try it alone, so a typo is an error, not a silent fallback.
  if (configured) return [{ path: configured, source: 'env' }];
  const out: Candidate[] = [];
  const npm = await npmBinary('ffmpeg-static', (m) => (typeof m.default === 'string' ? m.default : null));
  if (npm) out.push({ path: npm, source: 'npm' });
  const installer = await npmBinary('@ffmpeg-installer/ffmpeg', (m) => pathField(m));
  if (installer) out.push({ path: installer, source: 'npm' });
  out.push(...(await systemBinaries('ffmpeg')));
  return out;
}

async function ffprobeCandidates(configured: string | null): Promise<Candidate[]> {
  if (configured) return [{ path: configured, source: 'env' }];
  const out: Candidate[] = [];
  const npm = await npmBinary('@ffprobe-installer/ffprobe', (m) => pathField(m));
  if (npm) out.push({ path: npm, source: 'npm' });
  out.push(...(await systemBinaries('ffprobe')));
  return out;
}

function pathField(m: Record<string, unknown>): string | null {
  const d = (m.default ?? m) as { path?: unknown };
  return typeof d.path === 'string' ? d.path : null;
}

/** Loads an optional npm package that exports a binary path; null when absent or its file is missing. */
async function npmBinary(pkg: string, pick: (m: Record<string, unknown>) => string | null): Promise<string | null> {
  try {
    // A variable specifier keeps TypeScript from requiring the optional package's types.
    const specifier: string = pkg;
    const mod = (await import(specifier)) as Record<string, unknown>;
    const p = pick(mod);
    if (p && (await isExecutable(p))) return p;
  } catch {
    // Not installed, or its install script failed to fetch the binary: fall through to the next source.
  }
  return null;
}

async function systemBinaries(name: string): Promise<Candidate[]> {
  const dirs = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  const out: Candidate[] = [];
  for (const dir of dirs) {
    const p = path.join(dir, name);
    if (await isExecutable(p)) out.push({ path: p, source: 'system' });
  }
  return out;
}

async function isExecutable(p: string): Promise<boolean> {
  try {
    const s = await stat(p);
    if (!s.isFile()) return false;
    await access(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function firstWorking(
  name: string,
  candidates: Candidate[],
  variable: string,
): Promise<Candidate & { version: string }> {
  const tried: string[] = [];
  for (const c of candidates) {
    try {
      return { ...c, version: await versionLine(c.path) };
    } catch (err) {
      tried.push(`${c.path} (${err instanceof Error ? err.message : String(err)})`);
    }
  }
  const detail = tried.length ? ` Tried: ${tried.join('; ')}.` : ' None was found on PATH.';
  throw new Error(`No working ${name} found. Set ${variable} to the ${name} binary, or install ${name}.${detail}`);
}

/** Runs `<bin> -version` and returns its first line. */
function versionLine(bin: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(bin, ['-version'], { timeout: 10_000, windowsHide: true }, (err, stdout) => {
      if (err) return reject(new Error(err.message.split('\n')[0]));
      const first = stdout.split('\n')[0]?.trim() ?? '';
      if (!/version/i.test(first)) return reject(new Error(`unexpected -version output: ${first.slice(0, 80)}`));
      resolve(first);
    });
  });
}
