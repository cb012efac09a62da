/**
 * Checks a source at `createBatch` time, so bad input is refused before
 * anything is created: the field to fix and a message saying how.
 */
import type { Config } from '../config.js';
import { messageOf } from '../domain/errors.js';
import type { SourceType } from '../domain/statuses.js';
import { RequestError } from '../net/net-errors.js';
import { assertPublicHost } from '../net/public-lookup.js';
import { parseHttpUrl } from '../net/safe-request.js';
import { resolveLocalPath } from './local-source.js';
import { localRoots } from './uploads-dir.js';
import { assertBucketAllowed, ossConfigFor, parseOssUrl } from './oss-source.js';

/** A source input problem: which field (`path`, `url`) and what to fix. */
export class SourceInputError extends Error {
  override name = 'SourceInputError';
  constructor(
    readonly field: 'path' | 'url',
    message: string,
  ) {
    super(message);
  }
}

/** The source fields as a client sends them. */
export interface SourceInput {
  type: SourceType;
  path?: string | null;
  url?: string | null;
}

/** Checks that an http(s) URL's host is allowed by the address policy; DNS names are resolved. */
export async function checkUrlHost(raw: string, allowPrivate: boolean): Promise<string | null> {
  let u: URL;
  try {
    u = parseHttpUrl(raw);
  } catch (err) {
    return (err as RequestError).code === 'BAD_URL' ? `${messageOf(err)}; give an http:// or https:// URL` : messageOf(err);
  }
  if (allowPrivate) return null;
  try {
    await assertPublicHost(u.hostname);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.name === 'BlockedAddressError') return `${e.message}; use a publicly reachable host`;
    // Only a definite "no such host" is refused; a DNS hiccup now is left for the download's retries.
    if (e.code === 'ENOTFOUND') return `the host ${u.hostname} does not exist (DNS lookup failed)`;
  }
  return null;
}

/** Returns null when the source is acceptable, else a SourceInputError naming the field. Never throws for bad input. */
export async function checkSourceAtCreation(source: SourceInput, config: Config): Promise<SourceInputError | null> {
  const path = source.path ?? null;
  const url = source.url ?? null;
  if (source.type === 'LOCAL') {
    if (url !== null) return new SourceInputError('url', 'a LOCAL source takes a path, not a url');
    if (path === null || path === '') return new SourceInputError('path', 'a LOCAL source needs a path inside a media root');
    try {
      await resolveLocalPath(path, localRoots(config));
      return null;
    } catch (err) {
      return new SourceInputError('path', messageOf(err));
    }
  }
  if (path !== null) return new SourceInputError('path', `a ${source.type} source takes a url, not a path`);
  if (url === null || url === '') return new SourceInputError('url', `a ${source.type} source needs a url`);
  if (source.type === 'URL') {
    const problem = await checkUrlHost(url, config.allowPrivateUrls);
    return problem ? new SourceInputError('url', problem) : null;
  }
  try {
    const loc = parseOssUrl(url);
    ossConfigFor(config);
    assertBucketAllowed(loc, config);
    return null;
  } catch (err) {
    return new SourceInputError('url', messageOf(err));
  }
}
