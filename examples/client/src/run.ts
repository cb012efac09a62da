/**
 * Example client: creates a batch of LOCAL videos, follows its progress over graphql-ws, approves the
 * plan when it is ready and prints the final video's URL on stdout (everything else goes to stderr).
 *
 *   node --import tsx examples/client/src/run.ts --url http://127.0.0.1:4000 [--token T] FILE...
 */
import { parseArgs } from 'node:util';
import type { ApproveClipPlanMutation, BatchStatus, CreateBatchMutation, VideoSourceInput } from './gql/graphql.js';
import { ApproveClipPlan, Batch, BatchProgress, CreateBatch } from './operations.js';
import { createProgressWriter, type TextStream } from './progress-writer.js';
import { request, type Endpoint } from './request.js';
import { connect, subscribe } from './subscribe.js';

const END_STATES: readonly BatchStatus[] = ['COMPLETED', 'FAILED', 'CANCELLED'];

/** A failure the script reports as one line and exit code 1. */
class ClientError extends Error {
  override name = 'ClientError';
}

type CreateError = Exclude<CreateBatchMutation['createBatch'], { __typename: 'CreateBatchPayload' }>;
type ApproveResult = ApproveClipPlanMutation['approveClipPlan'];

/** Creates the batch and returns its ID, or throws the ValidationError's message. */
async function createBatch(endpoint: Endpoint, files: string[]): Promise<string> {
  const { createBatch: result } = await request(endpoint, CreateBatch, {
    input: { sources: files.map((path): VideoSourceInput => ({ type: 'LOCAL', path })) },
  });
  if (result.__typename === 'CreateBatchPayload') return result.batch.id;
  throw new ClientError(describeCreateError(result, files));
}

function describeCreateError(error: CreateError, files: string[]): string {
  const source = error.sourceIndex === null ? '' : ` of source ${error.sourceIndex} (${files[error.sourceIndex] ?? '?'})`;
  return `createBatch refused ${error.field}${source}: ${error.message}`;
}

/** Reads the current plan and approves exactly that version. */
async function approvePlan(endpoint: Endpoint, batchId: string, log: (line: string) => void): Promise<void> {
  const { batch } = await request(endpoint, Batch, { id: batchId });
  const plan = batch?.clipPlan;
  if (!plan) throw new ClientError(`batch ${batchId} awaits approval but has no plan`);
  log(`plan v${plan.version} "${plan.theme}": ${plan.clips.length} clips, ${plan.totalDurationSeconds.toFixed(1)} s`);
  for (const clip of plan.clips) log(`  video ${clip.videoIndex} ${clip.start.toFixed(2)}–${clip.end.toFixed(2)} s  ${clip.reason}`);
  const { approveClipPlan: result } = await request(endpoint, ApproveClipPlan, { batchId, expectedVersion: plan.version });
  if (result.__typename !== 'ApproveClipPlanPayload') throw new ClientError(describeApproveError(result));
  log(`approved plan v${result.clipPlan.version}; batch is ${result.batch.status}`);
}

function describeApproveError(error: Exclude<ApproveResult, { __typename: 'ApproveClipPlanPayload' }>): string {
  // Exhaustive: a new error member in the schema is a type error here after `client:generate`.
  switch (error.__typename) {
    case 'VersionConflictError':
      // Someone edited the plan since it was read: never approve a version nobody here has seen.
      return `the plan changed (now version ${error.currentVersion}); review it again: ${error.message}`;
    case 'InvalidStateError':
      return `the batch cannot be approved while ${error.status}: ${error.message}`;
    case 'NotFoundError':
      return `no batch ${error.id}: ${error.message}`;
    case 'ValidationError':
      return `approveClipPlan refused ${error.field}: ${error.message}`;
    default:
      return unreachable(error);
  }
}

function unreachable(value: never): never {
  throw new ClientError(`unexpected result ${JSON.stringify(value)}`);
}

/** Runs the whole flow and returns the final video's URL. */
async function runClient(endpoint: Endpoint, files: string[], stderr: TextStream): Promise<string> {
  const bar = createProgressWriter(stderr);
  const batchId = await createBatch(endpoint, files);
  bar.log(`created batch ${batchId} with ${files.length} video(s)`);

  const client = connect(endpoint);
  let approved = false;
  try {
    for await (const { batchProgress: event } of subscribe(client, BatchProgress, { batchId })) {
      bar.draw(event);
      // The first event repeats the current state, so after a reconnect AWAITING_APPROVAL can come again.
      if (event.status === 'AWAITING_APPROVAL' && !approved) {
        approved = true;
        await approvePlan(endpoint, batchId, bar.log);
      }
      if (END_STATES.includes(event.status)) break;
    }
  } finally {
    bar.end();
    await client.dispose();
  }

  const { batch } = await request(endpoint, Batch, { id: batchId });
  if (!batch) throw new ClientError(`batch ${batchId} disappeared`);
  if (batch.status !== 'COMPLETED' || !batch.finalVideo) {
    throw new ClientError(`batch ended ${batch.status}${batch.error ? `: ${batch.error}` : ''}`);
  }
  const video = batch.finalVideo;
  bar.log(`final video: ${video.durationSeconds.toFixed(1)} s, ${video.width}x${video.height}, ${(video.sizeBytes / 1e6).toFixed(1)} MB`);
  return video.url;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    options: { url: { type: 'string', default: 'http://127.0.0.1:4000' }, token: { type: 'string' }, help: { type: 'boolean' } },
    allowPositionals: true,
  });
  if (values.help || positionals.length === 0) {
    process.stderr.write('usage: run.ts --url http://127.0.0.1:4000 [--token T] FILE...\n  (the token may also come from AUTOCLIP_TOKEN)\n');
    process.exitCode = values.help ? 0 : 2;
    return;
  }
  // AUTOCLIP_TOKEN keeps the token out of the process list.
  const endpoint: Endpoint = { url: values.url, token: values.token ?? process.env.AUTOCLIP_TOKEN };
  const url = await runClient(endpoint, positionals, process.stderr);
  process.stdout.write(`${url}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
