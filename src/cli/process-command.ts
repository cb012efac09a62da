/**
 * `autoclip process`: the server's pipeline in this process, on local files.
 * The same app (stores, runner, actions, progress bus) as the server, without
 * the HTTP listener; progress is drawn from the bus and the stored state.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import type { App } from '../app.js';
import { loadConfig, type Config } from '../config.js';
import type { BatchRow } from '../db/batch-store.js';
import { messageOf } from '../domain/errors.js';
import { isTerminal } from '../domain/statuses.js';
import type { PlanDraft } from '../domain/types.js';
import { EXIT } from './exit-codes.js';
import type { ProcessOptions } from './parse-args.js';
import { progressLines, type ProgressSnapshot } from './progress-lines.js';
import { ProgressPrinter, type ProgressStream } from './progress-printer.js';
import { readPlanFile } from './read-plan-file.js';
import { checkOutputPath, resolveInputs } from './resolve-inputs.js';
import { exportTimeline, formatOfFile } from '../timeline/export-plan.js';
import { saveOutput } from './save-output.js';

/** What the command runs against; main.ts passes the process's own. */
export interface CliIo {
  stdout: ProgressStream;
  stderr: ProgressStream;
  env: Record<string, string | undefined>;
  cwd: string;
  /** Aborted on Ctrl-C: the batch is cancelled and the command returns 130. */
  interrupt: AbortSignal;
}

/** Batch errors a user can act on: a bad input or a refused plan. */
function isInputError(err: unknown): err is Error {
  const name = (err as Error | null)?.name;
  return name === 'InputError' || name === 'UsageError' || name === 'ConfigError';
}

/** The configuration: the environment's, with media roots = the inputs' directories and a data dir. */
function cliConfig(options: ProcessOptions, io: CliIo, mediaRoots: string[]): Config {
  const config = loadConfig(
    {
      ...io.env,
      // Nothing listens here, so the server's bind address (and its token rule) does not apply.
      HOST: '127.0.0.1',
      DATA_DIR: options.dataDir ?? io.env.DATA_DIR ?? './data',
    },
    io.cwd,
  );
  // Set after loading: MEDIA_ROOTS is comma-separated and a directory name may hold a comma.
  return { ...config, mediaRoots };
}

function snapshotOf(app: App, batchId: string): ProgressSnapshot & { batch: BatchRow } {
  const batch = app.batches.get(batchId)!;
  return {
    batch,
    status: batch.status,
    currentStage: batch.currentStage,
    progress: batch.progress,
    stages: app.batches.stages(batchId),
    videos: app.batches.videos(batchId),
  };
}

/** Runs the command; resolves to the exit code. Never calls process.exit. */
export async function runProcess(options: ProcessOptions, io: CliIo): Promise<number> {
  const err = (text: string) => io.stderr.write(`autoclip: ${text}\n`);
  let inputs;
  let out: string | null = null;
  let planFromFile: PlanDraft | null = null;
  let config: Config;
  try {
    inputs = resolveInputs(options.files, io.cwd);
    if (!options.planOnly) out = checkOutputPath(options.out, io.cwd);
    if (options.planFile) planFromFile = await readPlanFile(path.resolve(io.cwd, options.planFile));
    config = cliConfig(options, io, inputs.mediaRoots);
  } catch (e) {
    if (isInputError(e)) {
      err(e.message);
      return EXIT.USAGE;
    }
    throw e;
  }

  // Logs go to stderr, so stdout stays the plan JSON (--plan-only) or the progress.
  const log = pino({ level: io.env.LOG_LEVEL?.trim() || 'warn' }, pino.destination({ dest: 2, sync: true }));
  // Loaded only now: the app (GraphQL, drizzle, workers) takes seconds to import, and a typo should not.
  const [{ createServices }, { buildApp }] = await Promise.all([import('../services.js'), import('../app.js')]);
  const services = await createServices(config, { log });
  const app = buildApp(services);
  try {
    if (io.interrupt.aborted) return EXIT.INTERRUPTED;
    return await drive(app, config, options, io, { paths: inputs.paths, out, planFromFile });
  } finally {
    await app.stop();
  }
}

/**
 * Creates the batch, follows it on the bus until it ends (approving or printing the plan on the way).
 * Long because the event loop and its exits (plan-only, approval, end states) share the output state.
 */
async function drive(
  app: App,
  config: Config,
  options: ProcessOptions,
  io: CliIo,
  job: { paths: string[]; out: string | null; planFromFile: PlanDraft | null },
): Promise<number> {
  const err = (text: string) => io.stderr.write(`autoclip: ${text}\n`);
  let batch: BatchRow;
  try {
    batch = await app.actions.create({
      sources: job.paths.map((p) => ({ type: 'LOCAL' as const, path: p })),
      compressionProfile: options.profile,
      customPrompt: options.prompt,
      targetDurationSeconds: options.duration,
      language: options.language,
      output: { aspect: options.aspect, fit: options.fit },
      // A plan to print or to replace must wait for us; otherwise render right away.
      autoApprove: !options.planOnly && !job.planFromFile,
    });
  } catch (e) {
    if (isInputError(e)) {
      err(e.message);
      return EXIT.USAGE;
    }
    throw e;
  }
  const id = batch.id;
  const printer = new ProgressPrinter(options.planOnly ? io.stderr : io.stdout);
  const cancel = () => app.actions.cancel(id).catch(() => undefined);
  io.interrupt.addEventListener('abort', () => void cancel(), { once: true });
  if (io.interrupt.aborted) await cancel();

  const events = app.bus.subscribe('batch:progress', id);
  let outcome: number | null = null;
  let planHandled = false;

  /** Looks at the stored state and acts on it; returns an exit code when the command is over. */
  const step = async (): Promise<number | null> => {
    const snap = snapshotOf(app, id);
    printer.update(progressLines(snap));
    if (snap.status === 'AWAITING_APPROVAL' && !planHandled) {
      planHandled = true;
      const current = app.plans.current(id)!;
      if (options.planOnly) {
        printer.done(progressLines(snap));
        if (options.timeline) writeTimeline(app, id, options.timeline, io);
        io.stdout.write(`${JSON.stringify(app.plans.draftOf(current), null, 2)}\n`);
        // Nobody approves this batch from here: cancelling it removes its temporary files.
        await app.actions.cancel(id);
        return EXIT.OK;
      }
      try {
        let version = current.version;
        if (job.planFromFile) {
          const { plan } = app.actions.updatePlan({ batchId: id, expectedVersion: version, ...job.planFromFile });
          version = plan.version;
        }
        app.actions.approvePlan(id, version);
      } catch (e) {
        if (!isInputError(e)) throw e;
        printer.done(progressLines(snapshotOf(app, id)));
        err(`the plan in ${options.planFile} was refused: ${e.message}`);
        await app.actions.cancel(id);
        return EXIT.USAGE;
      }
      return null;
    }
    if (!isTerminal(snap.status)) return null;
    printer.done(progressLines(snap));
    return finish(app, config, snap.batch, options, io, job.out);
  };

  try {
    outcome = await step();
    if (outcome === null) {
      for await (const _event of events) {
        outcome = await step();
        if (outcome !== null) break;
      }
    }
  } finally {
    await events.return?.();
  }
  return outcome ?? EXIT.FAILED;
}

/** Reports an ended batch and, when it completed, writes the video. */
async function finish(app: App, config: Config, batch: BatchRow, options: ProcessOptions, io: CliIo, out: string | null): Promise<number> {
  const err = (text: string) => io.stderr.write(`autoclip: ${text}\n`);
  const videos = app.batches.videos(batch.id);
  const failedVideos = videos.filter((v) => v.status === 'FAILED' && v.error !== 'cancelled');
  const name = (i: number) => options.files[i] ?? `video ${i}`;
  if (batch.status === 'CANCELLED') {
    err(io.interrupt.aborted ? 'interrupted; the batch was cancelled' : 'the batch was cancelled');
    return io.interrupt.aborted ? EXIT.INTERRUPTED : EXIT.FAILED;
  }
  if (batch.status === 'FAILED') {
    err(`the batch failed: ${batch.error ?? 'unknown error'}`);
    for (const v of failedVideos) io.stderr.write(`  ${name(v.index)}: ${v.error}\n`);
    return EXIT.FAILED;
  }
  for (const v of failedVideos) err(`warning: ${name(v.index)} was left out: ${v.error}`);
  const render = app.plans.latestRender(batch.id);
  if (!render || render.status !== 'COMPLETED' || !out) {
    err('the batch completed without a rendered video');
    return EXIT.FAILED;
  }
  try {
    await saveOutput(render, config, out);
  } catch (e) {
    err(`could not write ${out}: ${messageOf(e)}`);
    return EXIT.FAILED;
  }
  if (options.timeline) writeTimeline(app, batch.id, options.timeline, io);
  const mb = ((render.sizeBytes ?? 0) / 1e6).toFixed(1);
  io.stdout.write(`wrote ${options.out} (${(render.durationSeconds ?? 0).toFixed(2)} s, ${render.width}x${render.height}, ${mb} MB)\n`);
  return EXIT.OK;
}

/** Writes the batch's current plan as an editing timeline (format from the file's extension). */
function writeTimeline(app: App, batchId: string, file: string, io: CliIo): void {
  const plan = app.plans.current(batchId)!;
  const text = exportTimeline(formatOfFile(file)!, app.plans.draftOf(plan), app.batches.videos(batchId));
  writeFileSync(path.resolve(io.cwd, file), text);
  io.stderr.write(`autoclip: wrote the timeline ${file}\n`);
}
