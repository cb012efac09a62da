/** The contract every source type implements: bring one video's original to a local path. */
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { VideoWork } from '../domain/types.js';

/** What a fetcher needs: the configuration (limits, roots, credentials) and optionally a logger. */
export interface SourceDeps {
  config: Config;
  log?: Logger;
}

/** How a fetcher reports bytes and learns it must stop. */
export interface SourceControl {
  signal: AbortSignal;
  /** Bytes written so far and the expected total when the server told us. */
  onBytes?(bytes: number, totalBytes: number | null): void;
  /** Told before a retry, with the reason and the upcoming attempt number (2, 3). */
  onRetry?(attempt: number, reason: string): void;
}

/** Where the original now is, and whether it is our own copy (ours to delete) or the user's file. */
export interface FetchedSource {
  localPath: string;
  downloaded: boolean;
}

/** One source type (LOCAL, URL, OSS). Errors: SourceError (retryable or not), AbortError. */
export interface SourceFetcher {
  fetch(video: VideoWork, deps: SourceDeps, control: SourceControl): Promise<FetchedSource>;
}
