/**
 * Turns a tokenized request into a BullMQ job: checks and stats its inputs,
 * rewrites concat lists, derives the job id, and (at each enqueue) stages the
 * inputs and signs the upload links. Also rebuilds a worker's failure as the
 * error class the stages expect.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { AbortError, FfmpegError, UnrecoverableError } from '../domain/errors.js';
import { inputKey } from './input-key.js';
import type { JobFiles } from './job-files.js';
import { JOB_PROTOCOL, jobIdFor, replacePaths, safeExt, type JobFailure, type MediaJobData, type TokenizedRequest } from './job-spec.js';

/** A request ready to enqueue (again, after Redis lost it). */
export interface PreparedJob {
  jobId: string;
  request: TokenizedRequest;
  /** Stages the inputs and signs fresh links; called at every enqueue. */
  build(): Promise<MediaJobData>;
}

// Outputs may be larger than their inputs (a re-encode), never absurdly so.
const MIN_OUTPUT_CAP = 256 * 1024 ** 2;
const MAX_OUTPUT_CAP = 64 * 1024 ** 3;

/** Reads what the run needs from disk and fixes its id; throws like the local pool would for a missing input. */
export async function prepareJob(request: TokenizedRequest, files: JobFiles): Promise<PreparedJob> {
  const stats = await Promise.all(
    request.inputs.map(async (inp) => {
      try {
        const st = await fs.stat(inp.path);
        if (!st.isFile()) throw new Error('not a file');
        return { sizeBytes: st.size, mtimeMs: Math.floor(st.mtimeMs), key: await inputKey(inp.path, st) };
      } catch {
        if (request.op === 'probe') throw new UnrecoverableError('file does not exist or cannot be read');
        throw new FfmpegError(`could not read input ${path.basename(inp.path)}: No such file or directory`, null, '');
      }
    }),
  );
  if (request.op === 'probe' && stats[0]?.sizeBytes === 0) throw new UnrecoverableError('file is empty (0 bytes)');
  const lists = await Promise.all(
    request.lists.map(async (l) => {
      let text: string;
      try {
        text = await fs.readFile(l.path, 'utf8');
      } catch {
        throw new FfmpegError(`could not read list ${path.basename(l.path)}: No such file or directory`, null, '');
      }
      return { token: l.token, text: replacePaths(text, request.inputs) };
    }),
  );
  const jobId = jobIdFor(request, stats, lists.map((l) => l.text));
  const totalIn = stats.reduce((s, x) => s + x.sizeBytes, 0);
  const cap = Math.min(MAX_OUTPUT_CAP, Math.max(MIN_OUTPUT_CAP, totalIn * 4));
  return {
    jobId,
    request,
    async build() {
      const inputs = await Promise.all(
        request.inputs.map(async (inp, i) => ({ ...(await files.stageInput(jobId, inp.token, safeExt(inp.path), inp.path, stats[i]!.sizeBytes)), key: stats[i]!.key })),
      );
      const outputs = await Promise.all(
        request.outputs.map((o) => files.uploadTarget(jobId, { token: o.token, ext: safeExt(o.path), dir: o.dir }, cap)),
      );
      return {
        v: JOB_PROTOCOL,
        kind: request.kind,
        op: request.op,
        group: request.group,
        args: request.args,
        ...(request.smart ? { smart: request.smart } : {}),
        inputs,
        lists,
        outputs,
        ...(request.inputDurationSeconds !== undefined ? { inputDurationSeconds: request.inputDurationSeconds } : {}),
        ...(request.captureStderr ? { captureStderr: true } : {}),
        ...(request.expectedOutputBytes !== undefined ? { expectedOutputBytes: request.expectedOutputBytes } : {}),
      };
    },
  };
}

/** The error a stage would have seen from the local pool. */
export function rebuildFailure(f: JobFailure): Error {
  if (f.name === 'FfmpegError') return new FfmpegError(f.message, f.exitCode, f.stderrTail);
  if (f.name === 'UnrecoverableError') return new UnrecoverableError(f.message);
  if (f.name === 'AbortError') return new AbortError(f.message);
  const err = new Error(f.message);
  err.name = f.name;
  return err;
}
