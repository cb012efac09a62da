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
import { Member, createFanOut, type Deliver, type Item } from './subscription-member.js';

export { FAN_OUT_CHUNK } from './subscription-member.js';

/** Starts one real subscription execution (envelop's `subscribe`). */
export type StartSubscription<A> = (args: A) => Promise<AsyncIterable<ExecutionResult> | ExecutionResult> | AsyncIterable<ExecutionResult> | ExecutionResult;

/** What identifies a shareable operation. */
export interface ShareableArgs {
  document: DocumentNode;
  operationName?: string | null;
  variableValues?: Record<string, unknown> | null;
}

interface Shared {
  members: Set<Member>;
  iterator: AsyncIterator<ExecutionResult> | null;
  /** Hands an item to every member now and drains them a chunk per turn. */
  fanOut(item: Item): void;
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
    /**
     * Subscribes `args`, sharing the live execution with earlier subscribers of
     * the same operation. With `deliver`, results are sent through it as the
     * fan-out reaches this subscriber, and the returned stream only ends (or
     * throws) when the shared one does.
     */
    async subscribe<A extends ShareableArgs>(args: A, start: StartSubscription<A>, deliver?: Deliver): Promise<AsyncIterable<ExecutionResult> | ExecutionResult> {
      const key = operationKey(args);
      const existing = streams.get(key);
      if (existing) {
        // Join before reading our own snapshot, so no event published meanwhile is missed.
        let resolveFirst!: (v: ExecutionResult | null) => void;
        const member = new Member(new Promise((r) => (resolveFirst = r)), deliver);
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
      const founder = new Member(new Promise((r) => (resolveFirst = r)), deliver);
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
    member.close();
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
