/** How the final video is delivered: FINAL_URL_MODE, checked against the storage driver. */
import { ConfigError, oneOf, type Env } from './config-readers.js';
import type { FinalUrlMode } from './storage/final-url.js';

/** FINAL_URL_MODE; `public` is refused with local storage, whose files are served only through signed links. */
export function finalUrlMode(env: Env, driver: 'local' | 'oss'): FinalUrlMode {
  const mode = oneOf(env, 'FINAL_URL_MODE', ['signed', 'public'] as const, 'signed');
  if (mode === 'public' && driver !== 'oss') {
    throw new ConfigError('FINAL_URL_MODE', 'is "public", which needs STORAGE_DRIVER=oss with a public-read bucket; local storage serves files only through signed links (FINAL_URL_EXPIRY_SECONDS sets their lifetime, up to 604800 = 7 days)');
  }
  return mode;
}

