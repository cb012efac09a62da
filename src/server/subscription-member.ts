/**
 * One subscriber of a shared subscription execution, and the fan-out that
 * hands each event to every subscriber without holding the event loop.
 * See shared-subscriptions.ts for how members are joined and left.
 */
import type { ExecutionResult } from 'graphql';

/** An item of a member's queue: a result, or the end of the stream (with its error, if any). */
export type Item = { value: ExecutionResult } | { end: true; error?: unknown };

/**
 * Sends one result to a subscriber at once, on its transport (a graphql-ws
 * socket writes a `next` message). The same result object is handed to every
 * subscriber of an event, so a transport can serialize it once.
 */
export type Deliver = (result: ExecutionResult) => void;

/**
 * One subscriber: its own first result (a snapshot), then the shared results
 * in order. With a `deliver`, results are sent the moment the fan-out reaches
 * this member and its reader only waits for the end; without one, its reader
 * yields every result.
 */
export class Member {
  private items: Item[] = [];
  private wake: (() => void) | null = null;
  /** Direct delivery starts once the member's own first result went out. */
  private ready = false;
  private closed = false;

  constructor(
    private readonly first: Promise<ExecutionResult | null>,
    private readonly deliver?: Deliver,
  ) {}

  /** Queues an item; it goes out when the member is drained. */
  queue(item: Item): void {
    this.items.push(item);
  }

  /** Sends what is queued (direct delivery) and lets a waiting reader go on. */
  drain(): void {
    if (this.deliver && this.ready) this.sendQueued();
    this.wake?.();
    this.wake = null;
  }

  /** Ends the member now: what is still queued is dropped and a waiting reader returns. */
  close(): void {
    this.closed = true;
    this.items = [{ end: true }];
    this.drain();
  }

  private send(result: ExecutionResult): void {
    if (!this.closed) this.deliver!(result);
  }

  private sendQueued(): void {
    while (this.items.length > 0 && 'value' in this.items[0]!) this.send((this.items.shift() as { value: ExecutionResult }).value);
  }

  /** The member's results (or, with direct delivery, nothing), ending or throwing as the shared stream does. */
  async *read(): AsyncGenerator<ExecutionResult> {
    const first = await this.first;
    if (this.deliver) {
      if (first) this.send(first);
      this.ready = true;
      this.sendQueued();
    } else if (first) {
      yield first;
    }
    for (;;) {
      const item = this.items.shift();
      if (!item) {
        await new Promise<void>((resolve) => (this.wake = resolve));
        continue;
      }
      // With direct delivery, drain() has sent every value before it wakes this loop: only the end is left.
      if ('value' in item) yield item.value;
      else if (item.error !== undefined) throw item.error;
      else return;
    }
  }
}

/**
 * Members drained per turn of the event loop. Draining a member writes to its
 * socket (~30 µs, nearly all of it the write itself); draining hundreds in one
 * turn would hold every query behind them, so the rest wait for the next turn
 * (after I/O). Items are queued for every member at once, so a member drained
 * late sends every event queued meanwhile, in order, and the shared execution
 * never waits for a fan-out. 50 measured best against 12, 25, 100 and 200
 * (BENCHMARKS.md: fewer per turn cost event lag, more cost query latency).
 */
export const FAN_OUT_CHUNK = 50;

/** A fan-out: queues each item for all members, then drains them FAN_OUT_CHUNK per setImmediate turn. */
export function createFanOut(members: Set<Member>): (item: Item) => void {
  const pending = new Set<Member>();
  let scheduled = false;
  const drainSome = () => {
    let drained = 0;
    for (const m of pending) {
      pending.delete(m);
      m.drain();
      if (++drained >= FAN_OUT_CHUNK) break;
    }
    scheduled = pending.size > 0;
    if (scheduled) setImmediate(drainSome);
  };
  return (item) => {
    for (const m of members) {
      m.queue(item);
      pending.add(m);
    }
    if (!scheduled) drainSome();
  };
}
