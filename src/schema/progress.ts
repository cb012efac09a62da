/** Live progress: the BatchProgressEvent type and the two subscriptions. Each first yields the current state. */
import { encodeGlobalID } from '@pothos/plugin-relay';
import { GraphQLError } from 'graphql';
import { Repeater } from 'graphql-yoga';
import type { BatchProgressEvent, ProgressBus } from '../pipeline/events.js';
import { isTerminal } from '../domain/statuses.js';
import type { BatchRow } from '../db/batch-store.js';
import type { Context } from './context.js';
import { builder } from './builder.js';
import { BatchStatusEnum, StageEnum } from './enums.js';
import { rawId } from './ids.js';
import { BatchRef } from './refs.js';

const ProgressEventRef = builder.objectRef<BatchProgressEvent>('BatchProgressEvent').implement({
  description: 'One step of a batch’s progress. Sent on every status and stage change and at least once a second while ffmpeg works.',
  fields: (t) => ({
    batchId: t.id({ resolve: (e) => encodeGlobalID('Batch', e.batchId), description: 'The batch’s global ID.' }),
    status: t.field({ type: BatchStatusEnum, resolve: (e) => e.status, description: 'The batch status.' }),
    stage: t.field({ type: StageEnum, nullable: true, resolve: (e) => e.stage, description: 'The stage this event is about; null while QUEUED.' }),
    progress: t.exposeFloat('progress', { description: 'Overall progress, 0 to 100.' }),
    videoIndex: t.exposeInt('videoIndex', { nullable: true, description: 'The video this event is about; null for batch-level steps.' }),
    itemsDone: t.exposeInt('itemsDone', { description: 'Items of the stage finished (videos, or clips while rendering).' }),
    itemsTotal: t.exposeInt('itemsTotal', { description: 'Items of the stage in all.' }),
    message: t.exposeString('message', { nullable: true, description: 'A short line for a person.' }),
    at: t.field({ type: 'DateTime', resolve: (e) => e.at, description: 'When it happened.' }),
  }),
});

/** The current state of a batch as a progress event. */
function snapshot(ctx: Context, batch: BatchRow): BatchProgressEvent {
  const run = batch.currentStage ? ctx.batches.stages(batch.id).find((s) => s.stage === batch.currentStage) : undefined;
  return {
    batchId: batch.id,
    status: batch.status,
    stage: batch.currentStage,
    progress: batch.progress,
    videoIndex: null,
    itemsDone: run?.itemsDone ?? 0,
    itemsTotal: run?.itemsTotal ?? 0,
    message: run?.message ?? batch.error ?? null,
    at: batch.updatedAt,
  };
}

const IDLE = Symbol('idle');
// One read of a batch per published change, shared by every subscriber (the bus hands them the same payload object).
const rowsByEvent = new WeakMap<object, BatchRow | null>();

/**
 * Snapshot first, then live events, ending after an end state. The bus
 * listens from the first `next()`, so that call is made before the snapshot is
 * read: nothing published in between is lost. Exported for its test.
 */
export function follow<T>(
  bus: ProgressBus,
  topic: 'batch:progress' | 'batch:updated',
  batchId: string,
  first: () => T | null,
  map: (e: unknown) => T | null,
  done: (v: T) => boolean,
  /** Skip events already superseded by a newer queued one (for whole-state streams such as batchUpdated). */
  coalesce = false,
) {
  return new Repeater<T>(async (push, stop) => {
    const source = bus.subscribe(topic, batchId) as AsyncIterableIterator<unknown>;
    let pending = source.next();
    stop.then(() => source.return?.());
    const initial = first();
    if (initial === null) return stop();
    await push(initial);
    if (done(initial)) return stop();
    for (;;) {
      const next = await Promise.race([pending, stop.then(() => ({ done: true, value: undefined }) as IteratorResult<unknown>)]);
      if (next.done) break;
      pending = source.next();
      let latest: IteratorResult<unknown> = next;
      // A slow consumer gets the newest state, not every step in between.
      while (coalesce) {
        const more = await Promise.race([pending, IDLE]);
        if (more === IDLE || (more as IteratorResult<unknown>).done) break;
        latest = more as IteratorResult<unknown>;
        pending = source.next();
      }
      const value = map(latest.value);
      if (value === null) continue;
      await push(value);
      if (done(value)) break;
    }
    stop();
  });
}

/** The raw id of an existing batch, or a NOT_FOUND error before any stream starts. */
function existingBatch(ctx: Context, globalId: string | number): string {
  const id = rawId(String(globalId), 'Batch');
  if (!id || !ctx.batches.get(id)) throw new GraphQLError(`no batch has the ID ${String(globalId)}`, { extensions: { code: 'NOT_FOUND' } });
  return id;
}

builder.subscriptionFields((t) => ({
  batchProgress: t.field({
    type: ProgressEventRef,
    description: 'Progress of one batch. The first event is the current state; the stream ends after COMPLETED, FAILED or CANCELLED.',
    args: { batchId: t.arg.id({ description: 'The batch’s global ID.' }) },
    subscribe: (_r, args, ctx) => {
      const id = existingBatch(ctx, args.batchId);
      return follow<BatchProgressEvent>(
        ctx.bus,
        'batch:progress',
        id,
        () => {
          const b = ctx.batches.get(id);
          return b ? snapshot(ctx, b) : null;
        },
        (e) => e as BatchProgressEvent,
        (e) => isTerminal(e.status),
      );
    },
    resolve: (e) => e,
  }),
  batchUpdated: t.field({
    type: BatchRef,
    description: 'The whole batch, each time it changes (at most about once a second for progress alone). The first value is the current state; the stream ends after an end state.',
    args: { id: t.arg.id({ description: 'The batch’s global ID.' }) },
    subscribe: (_r, args, ctx) => {
      const id = existingBatch(ctx, args.id);
      return follow<BatchRow>(
        ctx.bus,
        'batch:updated',
        id,
        () => ctx.batches.get(id) ?? null,
        (e) => {
          if (typeof e !== 'object' || e === null) return ctx.batches.get(id) ?? null;
          if (!rowsByEvent.has(e)) rowsByEvent.set(e, ctx.batches.get(id) ?? null);
          return rowsByEvent.get(e)!;
        },
        (b) => isTerminal(b.status),
        true,
      );
    },
    resolve: (b) => b,
  }),
}));
