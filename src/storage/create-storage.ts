/** Picks the storage backend the configuration names. */
import path from 'node:path';
import type { Config } from '../config.js';
import { persistentSecret } from '../persistent-secret.js';
import { createLocalStorage } from './local-storage.js';
import { createOssStorage, type OssStorageOptions } from './oss-storage.js';
import type { Storage } from './storage.js';

/** The local storage root for a data directory. */
export function localStorageRoot(dataDir: string): string {
  return path.join(dataDir, 'storage');
}

/**
 * The secret for signed local links: STORAGE_SIGNING_SECRET, or else one
 * generated once and kept in `${dataDir}/signing-secret` (outside the storage
 * root, so it is never served) so links stay valid across restarts.
 */
export function resolveSigningSecret(config: Config): string {
  return config.storage.signingSecret || persistentSecret(config.dataDir, 'signing-secret');
}

/** Builds the configured backend: local under `${dataDir}/storage`, or OSS. */
export function createStorage(config: Config, ossOptions?: OssStorageOptions): Storage {
  if (config.storage.driver === 'oss') {
    if (!config.storage.oss) throw new Error('STORAGE_DRIVER=oss but the OSS settings are missing');
    return createOssStorage(config.storage.oss, ossOptions);
  }
  return createLocalStorage({
    root: localStorageRoot(config.dataDir),
    secret: resolveSigningSecret(config),
    publicBaseUrl: () => config.publicBaseUrl,
  });
}
