import { describe, expect, it } from 'vitest';
import { FairQueue } from '../../src/workers/fair-queue.js';

describe('FairQueue', () => {
  it('takes turns between groups, FIFO within a group', () => {
    const q = new FairQueue<string>();
    for (const x of ['a1', 'a2', 'a3']) q.push('a', x);
    for (const x of ['b1', 'b2']) q.push('b', x);
    q.push('c', 'c1');
    expect(q.size).toBe(6);
    expect(q.drain()).toEqual(['a1', 'b1', 'c1', 'a2', 'b2', 'a3']);
    expect(q.size).toBe(0);
    expect(q.shift()).toBeUndefined();
  });

  it('puts a group that comes back after emptying at the end of the turn order', () => {
    const q = new FairQueue<string>();
    q.push('a', 'a1');
    q.push('b', 'b1');
    expect(q.shift()).toBe('a1');
    q.push('a', 'a2');
    q.push('b', 'b2');
    expect(q.drain()).toEqual(['b1', 'a2', 'b2']);
  });

  it('removes a waiting item and forgets an emptied group', () => {
    const q = new FairQueue<string>();
    q.push('a', 'a1');
    q.push('b', 'b1');
    q.push('a', 'a2');
    expect(q.remove('b1')).toBe(true);
    expect(q.remove('b1')).toBe(false);
    expect(q.size).toBe(2);
    expect(q.drain()).toEqual(['a1', 'a2']);
  });
});
