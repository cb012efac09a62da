/**
 * The job protocol between a server and its BullMQ workers, as plain data.
 * A job never carries a server path: every file in the argv is replaced by a
 * token (`@@in0@@`, `@@out0@@`, `@@dir0@@`, `@@list0@@`); inputs arrive as
 * signed download links and outputs leave through signed upload links. The
 * job id is a hash of what the run does (not of where the server keeps its
 * files), so a restarted server that asks for the same run re-attaches to it.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { escapeFilterValue } from '../ai/signals/signal-pass-args.js';
import type { ProbeInfo } from '../domain/types.js';
import type { FfmpegRequest, FfmpegResult, MediaJobKind, SmartClipOutcome, SmartClipRequest } from '../workers/media-pool.js';

/** What a smart-render job needs besides its source (in0) and clip file (out0). */
export type SmartJobParams = Pick<SmartClipRequest, 'start' | 'end' | 'probe' | 'shape'>;

/** Protocol version: a worker refuses jobs of another version (2: smart-render jobs). */
export const JOB_PROTOCOL = 2;

/** One downloadable input. */
export interface JobInput {
  token: string;
  ext: string;
  url: string;
  sizeBytes: number;
  /** Its content key (input-key.ts): a worker keeps one downloaded copy per key. */
  key?: string;
}

/** One output file (or packed output directory) and where to upload it. */
export interface JobOutput {
  token: string;
  ext: string;
  uploadUrl: string;
  /** True for an output directory: the worker packs its files into one upload (see pack.ts). */
  dir: boolean;
}

/** What a worker receives. */
export interface MediaJobData {
  v: typeof JOB_PROTOCOL;
  kind: MediaJobKind;
  op: 'ffmpeg' | 'probe' | 'smart';
  group: string;
  args: string[];
  inputs: JobInput[];
  /** op 'smart': the clip to render from in0 into out0. */
  smart?: SmartJobParams;
  /** Text inputs (concat lists), their own paths tokenized; written by the worker. */
  lists: Array<{ token: string; text: string }>;
  outputs: JobOutput[];
  inputDurationSeconds?: number;
  captureStderr?: boolean;
  /** Bytes the output is expected to take: the worker checks its WORK_DIR has room. */
  expectedOutputBytes?: number;
}

/** A failure of ffmpeg or ffprobe itself, returned as data (retrying would not help). */
export interface JobFailure {
  name: string;
  message: string;
  exitCode: number | null;
  stderrTail: string;
}

/** Bytes and time a job spent moving files. */
export interface TransferStats {
  downloadBytes: number;
  downloadMs: number;
  uploadBytes: number;
  uploadMs: number;
  runMs: number;
  /** Input bytes taken from the worker's cache instead of downloaded. */
  cachedBytes?: number;
}

/** What a worker returns. */
export interface MediaJobResult {
  worker: string;
  ffmpeg?: FfmpegResult;
  probe?: ProbeInfo;
  /** op 'smart': written and proven (out0 uploaded), or why not (nothing uploaded). */
  smart?: SmartClipOutcome;
  /** Probes of uploaded outputs, by token (output-probes.ts). */
  outputProbes?: Record<string, ProbeInfo>;
  failure?: JobFailure;
  /** Tokens of the outputs that were uploaded (an optional side output may not exist). */
  uploaded: string[];
  transfer: TransferStats;
}

/** A request turned into tokens, with the server paths each token stands for. */
export interface TokenizedRequest {
  kind: MediaJobKind;
  op: 'ffmpeg' | 'probe' | 'smart';
  group: string;
  args: string[];
  smart?: SmartJobParams;
  inputs: Array<{ token: string; path: string }>;
  lists: Array<{ token: string; path: string }>;
  outputs: Array<{ token: string; path: string; dir: boolean }>;
  inputDurationSeconds?: number;
  captureStderr?: boolean;
  expectedOutputBytes?: number;
}

/** A request names a file it did not declare, so a remote worker could not reach it. */
export class UndeclaredPathError extends Error {
  override name = 'UndeclaredPathError';
}

/** `@@in0@@` and friends. */
export function token(kind: 'in' | 'out' | 'dir' | 'list', index: number): string {
  return `@@${kind}${index}@@`;
}

/** A file extension safe to put in a worker's scratch name ('' when the path has none or an odd one). */
export function safeExt(file: string): string {
  const ext = path.extname(file);
  return /^\.[A-Za-z0-9]{1,8}$/.test(ext) ? ext.toLowerCase() : '';
}

/** Replaces every declared path (raw and filter-escaped) in `text` by its token, longest first. */
export function replacePaths(text: string, pairs: Array<{ path: string; token: string }>): string {
  const sorted = [...pairs].sort((a, b) => b.path.length - a.path.length);
  let out = text;
  for (const p of sorted) {
    out = out.split(p.path).join(p.token);
    const escaped = escapeFilterValue(p.path);
    if (escaped !== p.path) out = out.split(escaped).join(p.token);
  }
  return out;
}

/** Turns an ffmpeg request into tokens; throws UndeclaredPathError when a server root still shows. */
export function tokenizeFfmpeg(request: FfmpegRequest, serverRoots: string[]): TokenizedRequest {
  const files = request.files ?? { inputs: [] };
  const inputs = files.inputs.map((p, i) => ({ token: token('in', i), path: p }));
  const lists = (files.lists ?? []).map((p, i) => ({ token: token('list', i), path: p }));
  const outputs = [
    ...(files.outputs ?? []).map((p, i) => ({ token: token('out', i), path: p, dir: false })),
    ...(files.outputDirs ?? []).map((p, i) => ({ token: token('dir', i), path: p, dir: true })),
  ];
  const pairs = [...inputs, ...lists, ...outputs];
  const args = request.args.map((a) => replacePaths(a, pairs));
  for (const a of args) {
    const root = serverRoots.find((r) => a.includes(r));
    if (root) throw new UndeclaredPathError(`a ${request.kind ?? 'ffmpeg'} run names a path under ${root} that it did not declare in files: ${a}`);
  }
  return {
    kind: request.kind ?? 'ffmpeg',
    op: 'ffmpeg',
    group: request.group ?? '',
    args,
    inputs,
    lists,
    outputs,
    inputDurationSeconds: request.inputDurationSeconds,
    captureStderr: request.captureStderr,
    expectedOutputBytes: request.expectedOutputBytes,
  };
}

/** A probe of one file as a tokenized request. */
export function tokenizeProbe(file: string, group: string): TokenizedRequest {
  return { kind: 'probe', op: 'probe', group, args: [], inputs: [{ token: token('in', 0), path: file }], lists: [], outputs: [] };
}

/**
 * A smart render of one clip as a tokenized request: the source is in0, the
 * clip file out0; `args` is its fallback re-encode (empty when none was given).
 */
export function tokenizeSmart(request: SmartClipRequest, serverRoots: string[]): TokenizedRequest {
  const { start, end, probe, shape } = request;
  const files = { inputs: [request.source], outputs: [request.output] };
  const args = request.fallback ? tokenizeFfmpeg({ ...request.fallback, files }, serverRoots).args : [];
  return {
    kind: 'render', op: 'smart', group: request.group ?? '', args, smart: { start, end, probe, shape },
    inputs: [{ token: token('in', 0), path: request.source }], lists: [], outputs: [{ token: token('out', 0), path: request.output, dir: false }],
    inputDurationSeconds: end - start,
  };
}

/**
 * The job id: a hash of the tokenized run, the identity of each input (path,
 * size, modification time) and the list texts. Same run → same id.
 */
export function jobIdFor(req: TokenizedRequest, inputStats: Array<{ sizeBytes: number; mtimeMs: number }>, listTexts: string[]): string {
  const h = createHash('sha256');
  h.update(JSON.stringify({
    v: JOB_PROTOCOL,
    kind: req.kind,
    op: req.op,
    group: req.group,
    args: req.args,
    inputs: req.inputs.map((inp, i) => [inp.path, inputStats[i]?.sizeBytes, inputStats[i]?.mtimeMs]),
    lists: listTexts,
    outputs: req.outputs.map((o) => [o.token, safeExt(o.path), o.dir]),
    d: req.inputDurationSeconds ?? null,
    c: req.captureStderr ?? false,
    s: req.smart ?? null,
  }));
  return `${req.kind}-${h.digest('hex').slice(0, 32)}`;
}

/** Replaces tokens by the worker's own paths. */
export function detokenize(text: string, paths: Map<string, string>): string {
  return text.replace(/@@(?:in|out|dir|list)\d+@@/g, (t) => {
    const p = paths.get(t);
    if (p === undefined) throw new Error(`job names ${t} but brings no such file`);
    return p;
  });
}
