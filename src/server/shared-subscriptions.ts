/**
 * Subscriptions that do not queue behind each other: subscribers with the
 * same document, operation and variables share one execution, and each
 * event's result is fanned out to all of them, instead of running the same
 * execution once per subscriber in one burst. Every subscriber still gets
 * its own first result (the current state at the time it subscribed), then
 * the shared live results in order. Results depend only on the operation,
 * its variables and the event: the schema has no per-viewer fields (a token
 * either may read everything or is refused before this point).
 */
import { print, type DocumentNode, type ExecutionResult } from 'graphql';

/** Starts one real subscription execution (envelop's `subscribe`). */
export type StartSubscription<A> = (args: A) => Promise<AsyncIterable<ExecutionResult> | ExecutionResult> | AsyncIterable<ExecutionResult> | ExecutionResult;

/** What identifies a shareable operation. */
export interface ShareableArgs {
  document: DocumentNode;
  operationName?: string | null;
  variableValues?: Record<string, unknown> | null;
}

type Item = { value: ExecutionResult } | { end: true; error?: unknown };

/** One subscriber's queue: filled by the shared pump, read by graphql-ws. */
class Member {
  private items: Item[] = [];
  private wake: (() => void) | null = null;
  constructor(private readonly first: Promise<ExecutionResult | null>) {}

  /** Queues an item; the reader sees it when woken (`wakeUp`). */
  queue(item: Item): void {
    this.items.push(item);
  }

  /** Lets a waiting reader go on; it then reads everything queued so far, in order. */
  wakeUp(): void {
    this.wake?.();
    this.wake = null;
  }

  push(item: Item): void {
    this.queue(item);
    this.wakeUp();
  }

  async *read(): AsyncGenerator<ExecutionResult> {
    const first = await this.first;
    if (first) yield first;
    for (;;) {
      const item = this.items.shift();
      if (!item) {
        await new Promise<void>((resolve) => (this.wake = resolve));
        continue;
      }
      if ('value' in item) yield item.value;
      else if (item.error !== undefined) throw item.error;
      else return;
    }
  }
}

interface Shared {
  members: Set<Member>;
  iterator: AsyncIterator<ExecutionResult> | null;
  /** Hands an item to every member now and wakes them a chunk per turn. */
  fanOut(item: Item): void;
}

/**
 * Subscribers woken per turn of the event loop. A woken subscriber's delivery
 * is serialized and written to its own socket; waking hundreds in one turn
 * would hold every query behind them, so the rest wait for the next turn
 * (after I/O). Items are queued for everyone at once, so a subscriber woken
 * late reads every event queued meanwhile in one go, in order, and the
 * shared execution never waits for a fan-out.
 */
export const FAN_OUT_CHUNK = 25;

/** A fan-out: queues each item for all members, then wakes them FAN_OUT_CHUNK per setImmediate turn. */
function createFanOut(members: Set<Member>): (item: Item) => void {
  const pending = new Set<Member>();
  let scheduled = false;
  const wakeSome = () => {
    let woken = 0;
    for (const m of pending) {
      pending.delete(m);
      m.wakeUp();
      if (++woken >= FAN_OUT_CHUNK) break;
    }
    scheduled = pending.size > 0;
    if (scheduled) setImmediate(wakeSome);
  };
  return (item) => {
    for (const m of members) {
      m.queue(item);
      pending.add(m);
    }
    if (!scheduled) wakeSome();
  };
}

const printed = new WeakMap<DocumentNode, string>();

/** The key of an operation: printed document, operation name, variables. */
export function operationKey(args: ShareableArgs): string {
  let text = printed.get(args.document);
  if (text === undefined) {
    text = print(args.document);
    printed.set(args.document, text);
  }
  return `${args.operationName ?? ''}\u0000${JSON.stringify(args.variableValues ?? {})}\u0000${text}`;
}

function isAsyncIterable(x: unknown): x is AsyncIterable<ExecutionResult> {
  return typeof x === 'object' && x !== null && Symbol.asyncIterator in x;
}

/**
 * A registry of shared subscription executions (one per server).
 * Long because join, fan-out and leave share the one map of live executions; split, each part would need it passed around.
 */
export function createSharedSubscriptions() {
  const streams = new Map<string, Shared>();

  const leave = (key: string, shared: Shared, member: Member) => {
    shared.members.delete(member);
    if (shared.members.size === 0 && streams.get(key) === shared) {
      streams.delete(key);
      void shared.iterator?.return?.();
    }
  };

  /** Reads the shared execution; its first result belongs to the founder (its snapshot), the rest to all. */
  const pump = async (key: string, shared: Shared, first: (v: ExecutionResult | null) => void) => {
    let index = 0;
    try {
      for (;;) {
        const next = await shared.iterator!.next();
        if (next.done) break;
        if (index++ === 0) first(next.value);
        else shared.fanOut({ value: next.value });
      }
      if (index === 0) first(null);
      shared.fanOut({ end: true });
    } catch (error) {
      if (index === 0) first(null);
      shared.fanOut({ end: true, error });
    } finally {
      if (streams.get(key) === shared) streams.delete(key);
    }
  };

  return {
    /** Subscribes `args`, sharing the live execution with earlier subscribers of the same operation. */
    async subscribe<A extends ShareableArgs>(args: A, start: StartSubscription<A>): Promise<AsyncIterable<ExecutionResult> | ExecutionResult> {
      const key = operationKey(args);
      const existing = streams.get(key);
      if (existing) {
        // Join before reading our own snapshot, so no event published meanwhile is missed.
        let resolveFirst!: (v: ExecutionResult | null) => void;
        const member = new Member(new Promise((r) => (resolveFirst = r)));
        existing.members.add(member);
        try {
          const own = await start(args);
          if (!isAsyncIterable(own)) {
            leave(key, existing, member);
            return own;
          }
          const it = own[Symbol.asyncIterator]();
          const snapshot = await it.next();
          await it.return?.();
          resolveFirst(snapshot.done ? null : snapshot.value);
        } catch (err) {
          leave(key, existing, member);
          throw err;
        }
        return wrap(member, () => leave(key, existing, member));
      }

      const result = await start(args);
      if (!isAsyncIterable(result)) return result;
      let resolveFirst!: (v: ExecutionResult | null) => void;
      const founder = new Member(new Promise((r) => (resolveFirst = r)));
      const members = new Set([founder]);
      const shared: Shared = { members, iterator: result[Symbol.asyncIterator](), fanOut: createFanOut(members) };
      streams.set(key, shared);
      void pump(key, shared, resolveFirst);
      return wrap(founder, () => leave(key, shared, founder));
    },
    /** Shared executions running now (for tests). */
    size: () => streams.size,
  };
}

/** The subscriber's generator, with `return()` also leaving the shared stream. */
function wrap(member: Member, onLeave: () => void): AsyncGenerator<ExecutionResult> {
  const gen = member.read();
  let left = false;
  const leaveOnce = () => {
    if (!left) onLeave();
    left = true;
    // Wakes a read waiting for the next event, so return() does not wait for one.
    member.push({ end: true });
  };
  return {
    next: async () => {
      const r = await gen.next();
      if (r.done) leaveOnce();
      return r;
    },
    return: async (value?: unknown) => {
      leaveOnce();
      return gen.return(value as never);
    },
    throw: async (err?: unknown) => {
      leaveOnce();
      return gen.throw(err);
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  } as AsyncGenerator<ExecutionResult>;
}
