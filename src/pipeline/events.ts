/** The progress bus: the runner publishes, subscriptions listen. In-process, JSON-serialisable payloads. */
import { setMaxListeners } from 'node:events';
import { createPubSub } from 'graphql-yoga';
import type { BatchStatus, Stage } from '../domain/statuses.js';

/** One progress event, as the batchProgress subscription delivers it. */
export interface BatchProgressEvent {
  batchId: string;
  status: BatchStatus;
  stage: Stage | null;
  progress: number;
  videoIndex: number | null;
  itemsDone: number;
  itemsTotal: number;
  message: string | null;
  at: Date;
}

/** Topics, each keyed by batch id. */
type Topics = {
  'batch:progress': [batchId: string, event: BatchProgressEvent];
  'batch:updated': [batchId: string, payload: { id: string }];
};

/** The bus type the runner and the schema share. */
export type ProgressBus = ReturnType<typeof createProgressBus>;

/** Creates the in-process bus. */
export function createProgressBus() {
  // Hundreds of clients may follow one batch; Node's default of 10 listeners per
  // EventTarget would print a false "memory leak" warning at the eleventh.
  const eventTarget = new EventTarget();
  setMaxListeners(0, eventTarget);
  return createPubSub<Topics>({ eventTarget });
}
