/** The progress bus: the runner publishes, subscriptions listen. In-process, JSON-serialisable payloads. */
import { createPubSub } from 'graphql-yoga';
import type { BatchStatus, Stage } from './statuses.js';

/** One progress event of SPEC section 8. */
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
  return createPubSub<Topics>();
}
