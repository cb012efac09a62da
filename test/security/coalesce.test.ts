/**
 * batchUpdated is coalesced: a subscriber that has not caught up gets the newest state
 * once, not every step in between, so many slow subscribers cannot pile up work.
 */
import { expect, it } from 'vitest';
import { createProgressBus } from '../../src/pipeline/events.js';
import { follow } from '../../src/schema/progress.js';

it('skips the updates a slow subscriber has not read yet', async () => {
  const bus = createProgressBus();
  let state = 0;
  const reads: number[] = [];
  const stream = follow<number>(bus, 'batch:updated', 'b', () => state, () => (reads.push(state), state), (n) => n >= 5, true);
  const it = stream[Symbol.asyncIterator]();
  expect((await it.next()).value).toBe(0);
  for (state = 1; state <= 5; state++) bus.publish('batch:updated', 'b', { id: 'b' });
  state = 5;
  expect((await it.next()).value).toBe(5);
  expect(reads).toEqual([5]);
  expect((await it.next()).done).toBe(true);
});
