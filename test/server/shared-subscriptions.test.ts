/** Shared subscription executions: one execution per distinct operation, fanned out, order and snapshots per subscriber kept. */
import { parse, type ExecutionResult } from 'graphql';
import { Repeater } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { FAN_OUT_CHUNK, createSharedSubscriptions, operationKey } from '../../src/server/shared-subscriptions.js';

/** A stand-in event source and an execution that counts its runs: snapshot first, then one result per event. */
function source() {
  const listeners = new Set<(n: number) => void>();
  let executions = 0;
  let snapshots = 0;
  let state = 0;
  // A Repeater, as graphql-yoga's subscriptions are: return() works while a next() waits.
  const start = (_args: unknown): AsyncIterable<ExecutionResult> =>
    new Repeater<ExecutionResult>(async (push, stop) => {
      const listener = (n: number) => {
        executions++;
        void push({ data: { event: n } });
        if (n < 0) stop();
      };
      snapshots++;
      void push({ data: { snapshot: state } });
      listeners.add(listener);
      await stop;
      listeners.delete(listener);
    });
  return {
    start,
    publish: (n: number) => {
      state = n;
      for (const l of [...listeners]) l(n);
    },
    listeners: () => listeners.size,
    counts: () => ({ executions, snapshots }),
  };
}

async function take(it: AsyncIterator<ExecutionResult>, n: number): Promise<unknown[]> {
  const out: unknown[] = [];
  for (let i = 0; i < n; i++) out.push((await it.next()).value?.data);
  return out;
}

const args = (variables: Record<string, unknown> = { id: 'b1' }) => ({ document: parse('subscription S($id: ID!) { batchProgress(batchId: $id) { progress } }'), operationName: 'S', variableValues: variables });
const flush = () => new Promise((r) => setImmediate(r));

describe('shared subscriptions', () => {
  it('runs each event once for many subscribers of the same operation; each gets its own snapshot, then events in order', async () => {
    const src = source();
    const shared = createSharedSubscriptions();
    const subs: Array<AsyncIterator<ExecutionResult>> = [];
    for (let i = 0; i < 50; i++) subs.push(((await shared.subscribe(args(), src.start)) as AsyncIterable<ExecutionResult>)[Symbol.asyncIterator]());
    // The snapshots were read; only the founder's execution stays subscribed to the source.
    expect(await Promise.all(subs.map((s) => take(s, 1)))).toEqual(subs.map(() => [{ snapshot: 0 }]));
    expect(src.listeners()).toBe(1);
    expect(shared.size()).toBe(1);
    for (let n = 1; n <= 5; n++) src.publish(n);
    const got = await Promise.all(subs.map((s) => take(s, 5)));
    for (const g of got) expect(g).toEqual([1, 2, 3, 4, 5].map((event) => ({ event })));
    expect(src.counts()).toEqual({ executions: 5, snapshots: 50 });

    // A late subscriber sees the current state first, then only later events.
    const late = ((await shared.subscribe(args(), src.start)) as AsyncIterable<ExecutionResult>)[Symbol.asyncIterator]();
    src.publish(6);
    expect(await take(late, 2)).toEqual([{ snapshot: 5 }, { event: 6 }]);

    // The end of the shared stream ends every subscriber; nothing is left running.
    src.publish(-1);
    expect((await subs[0]!.next()).value.data).toEqual({ event: 6 });
    expect((await subs[0]!.next()).value.data).toEqual({ event: -1 });
    expect((await subs[0]!.next()).done).toBe(true);
    await flush();
    expect(shared.size()).toBe(0);
    expect(src.listeners()).toBe(0);
  });

  it('different variables get their own execution; leaving stops the shared one when the last subscriber goes', async () => {
    const src = source();
    const shared = createSharedSubscriptions();
    const a = ((await shared.subscribe(args({ id: 'b1' }), src.start)) as AsyncGenerator<ExecutionResult>);
    const b = ((await shared.subscribe(args({ id: 'b2' }), src.start)) as AsyncGenerator<ExecutionResult>);
    const c = ((await shared.subscribe(args({ id: 'b1' }), src.start)) as AsyncGenerator<ExecutionResult>);
    expect(shared.size()).toBe(2);
    expect(operationKey(args({ id: 'b1' }))).not.toBe(operationKey(args({ id: 'b2' })));
    await Promise.all([a, b, c].map((s) => s.next()));
    // Leaving while waiting for an event returns at once.
    const pending = a.next();
    await a.return(undefined);
    expect((await pending).done).toBe(true);
    src.publish(1);
    expect((await c.next()).value.data).toEqual({ event: 1 });
    await c.return(undefined);
    await b.return(undefined);
    await flush();
    expect(shared.size()).toBe(0);
    expect(src.listeners()).toBe(0);
  });

  it('a big fan-out yields to other work between chunks, and every subscriber keeps the event order', async () => {
    const src = source();
    const shared = createSharedSubscriptions();
    const count = FAN_OUT_CHUNK * 4;
    const subs: Array<AsyncIterator<ExecutionResult>> = [];
    for (let i = 0; i < count; i++) subs.push(((await shared.subscribe(args(), src.start)) as AsyncIterable<ExecutionResult>)[Symbol.asyncIterator]());
    await Promise.all(subs.map((s) => take(s, 1)));
    const log: string[] = [];
    const reads = subs.map(async (s, i) => {
      const got = await take(s, 2);
      log.push(`sub ${i}`);
      return got;
    });
    src.publish(1);
    src.publish(2);
    // Queued now, as an incoming query would be: it runs before the fan-out of event 1 is done.
    setImmediate(() => log.push('other work'));
    const got = await Promise.all(reads);
    for (const g of got) expect(g).toEqual([{ event: 1 }, { event: 2 }]);
    const other = log.indexOf('other work');
    expect(other).toBeGreaterThan(-1);
    expect(other).toBeLessThan(log.length - 1);
    for (const s of subs) await (s as AsyncGenerator<ExecutionResult>).return(undefined);
  });

  it('with direct delivery: each subscriber gets its snapshot, then every event once, in order, and the reader only ends', async () => {
    const src = source();
    const shared = createSharedSubscriptions();
    const got: unknown[][] = [];
    const subs: Array<AsyncIterator<ExecutionResult>> = [];
    for (let i = 0; i < FAN_OUT_CHUNK * 3; i++) {
      const mine: unknown[] = [];
      got.push(mine);
      const s = (await shared.subscribe(args(), src.start, (r) => mine.push(r.data))) as AsyncIterable<ExecutionResult>;
      subs.push(s[Symbol.asyncIterator]());
    }
    // graphql-ws starts reading at once; the reads stay pending until the stream ends.
    const ends = subs.map((s) => s.next());
    await flush();
    expect(got.every((g) => g.length === 1 && (g[0] as { snapshot: number }).snapshot === 0)).toBe(true);
    for (let n = 1; n <= 3; n++) src.publish(n);
    src.publish(-1);
    for (const e of await Promise.all(ends)) expect(e.done).toBe(true);
    for (const g of got) expect(g).toEqual([{ snapshot: 0 }, { event: 1 }, { event: 2 }, { event: 3 }, { event: -1 }]);
    // One result object per event, handed to every subscriber (so a transport serializes it once).
    expect(src.counts().executions).toBe(4);
    await flush();
    expect(shared.size()).toBe(0);
  });

  it('with direct delivery: events published while a joiner reads its snapshot follow that snapshot', async () => {
    const src = source();
    const shared = createSharedSubscriptions();
    const founder: unknown[] = [];
    const f = (await shared.subscribe(args(), src.start, (r) => founder.push(r.data))) as AsyncGenerator<ExecutionResult>;
    void f.next();
    const joiner: unknown[] = [];
    let snapshotTaken!: () => void;
    const slowStart = (a: unknown) => {
      // An event lands after the joiner joined and before its snapshot is read.
      src.publish(1);
      snapshotTaken();
      return src.start(a);
    };
    const taken = new Promise<void>((r) => (snapshotTaken = r));
    const j = (await shared.subscribe(args(), slowStart, (r) => joiner.push(r.data))) as AsyncGenerator<ExecutionResult>;
    await taken;
    void j.next();
    src.publish(2);
    await flush();
    await flush();
    expect(founder).toEqual([{ snapshot: 0 }, { event: 1 }, { event: 2 }]);
    // Its own snapshot first, then everything published since it joined: nothing missed, nothing reordered.
    expect(joiner).toEqual([{ snapshot: 1 }, { event: 1 }, { event: 2 }]);
    await f.return(undefined);
    await j.return(undefined);
  });

  it('with direct delivery: leaving drops what is still queued and ends the reader at once', async () => {
    const src = source();
    const shared = createSharedSubscriptions();
    const subs: Array<{ it: AsyncGenerator<ExecutionResult>; got: unknown[] }> = [];
    for (let i = 0; i < FAN_OUT_CHUNK * 2; i++) {
      const got: unknown[] = [];
      subs.push({ it: (await shared.subscribe(args(), src.start, (r) => got.push(r.data))) as AsyncGenerator<ExecutionResult>, got });
    }
    const ends = subs.map((s) => s.it.next());
    await flush();
    src.publish(1);
    // The first chunk was sent at once; the last subscriber leaves before its turn comes.
    const last = subs.at(-1)!;
    expect(last.got).toEqual([{ snapshot: 0 }]);
    await last.it.return(undefined);
    expect((await ends.at(-1)!).done).toBe(true);
    await flush();
    await flush();
    expect(last.got).toEqual([{ snapshot: 0 }]);
    expect(subs[0]!.got).toEqual([{ snapshot: 0 }, { event: 1 }]);
    for (const s of subs) await s.it.return(undefined);
    expect(shared.size()).toBe(0);
  });

  it('with direct delivery: a failing shared stream fails every reader after what was already delivered', async () => {
    const shared = createSharedSubscriptions();
    let fail!: (e: Error) => void;
    const start = (): AsyncIterable<ExecutionResult> =>
      new Repeater<ExecutionResult>(async (push, stop) => {
        await push({ data: { snapshot: 0 } });
        await push({ data: { event: 1 } });
        await new Promise<void>((_, reject) => (fail = (e) => reject(e))).catch((e) => stop(e));
      });
    const got: unknown[] = [];
    const s = (await shared.subscribe(args(), start, (r) => got.push(r.data))) as AsyncGenerator<ExecutionResult>;
    const end = s.next();
    await flush();
    fail(new Error('the bus broke'));
    await expect(end).rejects.toThrow('the bus broke');
    expect(got).toEqual([{ snapshot: 0 }, { event: 1 }]);
  });

  it('passes a non-stream result (an error) straight through', async () => {
    const shared = createSharedSubscriptions();
    const error = { errors: [{ message: 'no batch' }] } as unknown as ExecutionResult;
    expect(await shared.subscribe(args(), () => error)).toBe(error);
    expect(shared.size()).toBe(0);
  });
});
