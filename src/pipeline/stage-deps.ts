/** What every stage module receives: the services, never the database. */
import type { Logger } from 'pino';
import type { Analyzer, Planner, Transcriber } from '../ai/analyzer.js';
import type { Config } from '../config.js';
import type { Storage } from '../storage/storage.js';
import type { MediaTools } from '../workers/ffmpeg/resolve.js';
import type { MediaPool } from '../workers/media-pool.js';

/** Services handed to stages. */
export interface StageDeps {
  config: Config;
  pool: MediaPool;
  tools: MediaTools;
  storage: Storage;
  analyzer: Analyzer;
  planner: Planner;
  transcriber: Transcriber | null;
  log: Logger;
  now: () => Date;
}
