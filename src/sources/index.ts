/** The source registry: one fetcher per SourceType. */
import type { SourceType } from '../domain/statuses.js';
import { localSource } from './local-source.js';
import { ossSource } from './oss-source.js';
import type { SourceFetcher } from './source.js';
import { urlSource } from './url-source.js';

/** Every source type's fetcher; adding a type means adding a module and a line here. */
export const SOURCE_FETCHERS: Record<SourceType, SourceFetcher> = {
  LOCAL: localSource,
  URL: urlSource,
  OSS: ossSource,
};

/** The fetcher for a source type. */
export function fetcherFor(type: SourceType): SourceFetcher {
  return SOURCE_FETCHERS[type];
}

export type { FetchedSource, SourceControl, SourceDeps, SourceFetcher } from './source.js';
