/**
 * One job on a worker: download the inputs into a scratch folder of WORK_DIR,
 * write the concat lists, run ffmpeg (through the shared runner) or ffprobe,
 * upload the outputs, delete the scratch folder. A failure of ffmpeg itself is
 * returned as data (a retry would fail the same way); a transfer problem is
 * thrown so BullMQ tries again.
 */
import { randomBytes } from 'node:crypto';
import { access, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AbortError } from '../domain/errors.js';
import { probeMedia } from '../workers/ffmpeg/probe.js';
import { runFfmpeg } from '../workers/ffmpeg/run.js';
import { detokenize, JOB_PROTOCOL, type MediaJobData, type MediaJobResult, type TransferStats } from './job-spec.js';
import type { InputCache } from './input-cache.js';
import { PROBED_OUTPUT_KINDS } from './output-probes.js';
import { packDir } from './pack.js';
import { runSmartJob, type SmartJobContext } from './run-smart-job.js';
import { download, upload } from './worker-transfer.js';

/** What a job run needs from its worker: its tools and reporting (as a smart job's), its name, scratch root and input cache. */
export interface RunJobContext extends SmartJobContext {
  workerName: string;
  workDir: string;
  /** Downloaded inputs kept across jobs; without it every input is downloaded. */
  cache?: InputCache;
}

/**
 * Runs one job to its result; throws AbortError when cancelled, other errors for retryable trouble.
 * Long because download, run and upload share one scratch folder that its `finally` removes.
 */
export async function runJob(jobId: string, data: MediaJobData, ctx: RunJobContext): Promise<MediaJobResult> {
  if (data.v !== JOB_PROTOCOL) throw new Error(`job protocol ${data.v} is not ${JOB_PROTOCOL}: run the same autoclip version on server and workers`);
  const dir = path.join(ctx.workDir, `${jobId.replace(/[^A-Za-z0-9_-]/g, '_')}-${randomBytes(3).toString('hex')}`);
  const transfer: TransferStats = { downloadBytes: 0, downloadMs: 0, uploadBytes: 0, uploadMs: 0, runMs: 0 };
  const paths = new Map<string, string>();
  await mkdir(dir, { recursive: true });
  try {
    let t0 = Date.now();
    for (const inp of data.inputs) {
      const file = path.join(dir, `${inp.token.replaceAll('@', '')}${inp.ext}`);
      const fetchInput = (to: string) => download(inp.url, to, inp.sizeBytes, ctx.signal);
      const downloaded = ctx.cache && inp.key ? await ctx.cache.fetch(inp.key, inp.sizeBytes, file, fetchInput) : await fetchInput(file);
      transfer.downloadBytes += downloaded;
      if (downloaded === 0) transfer.cachedBytes = (transfer.cachedBytes ?? 0) + inp.sizeBytes;
      paths.set(inp.token, file);
    }
    transfer.downloadMs = Date.now() - t0;
    for (const out of data.outputs) {
      const file = path.join(dir, `${out.token.replaceAll('@', '')}${out.dir ? '' : out.ext}`);
      if (out.dir) await mkdir(file, { recursive: true });
      paths.set(out.token, file);
    }
    for (const list of data.lists) {
      const file = path.join(dir, `${list.token.replaceAll('@', '')}.txt`);
      await writeFile(file, detokenize(list.text, paths));
      paths.set(list.token, file);
    }

    t0 = Date.now();
    let pid: number | null = null;
    const result: MediaJobResult = { worker: ctx.workerName, uploaded: [], transfer };
    const ffmpeg = () =>
      runFfmpeg(ctx.ffmpegPath, { args: data.args.map((a) => detokenize(a, paths)), inputDurationSeconds: data.inputDurationSeconds, captureStderr: data.captureStderr, expectedOutputBytes: data.expectedOutputBytes }, {
        signal: ctx.signal,
        stallMs: ctx.stallMs,
        onProgress: ctx.onProgress,
        onSpawn: (p) => {
          pid = p;
          ctx.onSpawn?.(p);
        },
      });
    try {
      if (data.op === 'probe') result.probe = await probeMedia(ctx.ffprobePath, paths.get(data.inputs[0]!.token)!, ctx.signal);
      else if (data.op === 'smart') {
        if (!data.smart) throw new Error('a smart-render job brought no parameters');
        // Its ffmpeg runs report their own spawns and exits.
        const source = { path: paths.get(data.inputs[0]!.token)!, key: data.inputs[0]!.key };
        result.smart = await runSmartJob(source, paths.get(data.outputs[0]!.token)!, data.smart, ctx);
        // Declined: the fallback re-encode runs here, where the source already is.
        if (!result.smart.smart && data.args.length > 0) {
          result.ffmpeg = await ffmpeg();
          result.smart = { ...result.smart, reencoded: true };
        }
      } else result.ffmpeg = await ffmpeg();
    } catch (err) {
      const e = err as { name?: string; message?: string; exitCode?: number | null; stderrTail?: string };
      if (e?.name === 'AbortError' || ctx.signal.aborted) throw new AbortError();
      if (e?.name !== 'FfmpegError' && e?.name !== 'UnrecoverableError') throw err;
      result.failure = { name: e.name, message: e.message ?? String(err), exitCode: e.exitCode ?? null, stderrTail: e.stderrTail ?? '' };
      return result;
    } finally {
      transfer.runMs = Date.now() - t0;
      if (pid !== null) ctx.onExit?.(pid);
    }

    const first = data.outputs[0];
    if (first && !first.dir && PROBED_OUTPUT_KINDS.has(data.kind)) {
      // The server probes this file next: its header is read here instead of the whole file travelling back
      // (an output that was not written has no probe).
      const probe = await probeMedia(ctx.ffprobePath, paths.get(first.token)!, ctx.signal).catch(() => null);
      if (probe) result.outputProbes = { [first.token]: probe };
    }
    t0 = Date.now();
    for (const out of data.outputs) {
      let file = paths.get(out.token)!;
      if (out.dir) {
        const pack = `${file}.pack`;
        await packDir(file, pack);
        file = pack;
      } else if (!(await exists(file))) continue;
      transfer.uploadBytes += await upload(out.uploadUrl, file, ctx.signal);
      result.uploaded.push(out.token);
    }
    transfer.uploadMs = Date.now() - t0;
    return result;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}
