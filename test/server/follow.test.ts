/** A subscription stream loses nothing published while its snapshot is read, and ends after an end state. */
import { describe, expect, it } from 'vitest';
import { createProgressBus, type BatchProgressEvent } from '../../src/pipeline/events.js';
import { follow } from '../../src/schema/progress.js';

const event = (status: BatchProgressEvent['status']): BatchProgressEvent => ({
  batchId: 'b',
  status,
  stage: null,
  progress: 0,
  videoIndex: null,
  itemsDone: 0,
  itemsTotal: 0,
  message: null,
  at: new Date(),
});

describe('follow', () => {
  it('delivers an event published between subscribing and the snapshot', async () => {
    const bus = createProgressBus();
    const stream = follow<BatchProgressEvent>(
      bus,
      'batch:progress',
      'b',
      () => {
        // The batch moves on right while the snapshot is being read.
        bus.publish('batch:progress', 'b', event('COMPLETED'));
        return event('CLEANUP');
      },
      (e) => e as BatchProgressEvent,
      (e) => e.status === 'COMPLETED',
    );
    const seen: string[] = [];
    for await (const e of stream) seen.push(e.status);
    expect(seen).toEqual(['CLEANUP', 'COMPLETED']);
  });

  it('ends at once when the snapshot is already an end state', async () => {
    const bus = createProgressBus();
    const seen: string[] = [];
    for await (const e of follow<BatchProgressEvent>(bus, 'batch:progress', 'b', () => event('FAILED'), (e) => e as BatchProgressEvent, (e) => e.status === 'FAILED')) {
      seen.push(e.status);
    }
    expect(seen).toEqual(['FAILED']);
  });
});
