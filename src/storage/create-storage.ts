/** Picks the storage backend the configuration names. */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';
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
  if (config.storage.signingSecret) return config.storage.signingSecret;
  const file = path.join(config.dataDir, 'signing-secret');
  try {
    const existing = fs.readFileSync(file, 'utf8').trim();
    if (existing) return existing;
  } catch (err) {
    if ((err as { code?: string }).code !== 'ENOENT') throw err;
  }
  fs.mkdirSync(config.dataDir, { recursive: true });
  const secret = crypto.randomBytes(32).toString('base64url');
  try {
    // 'wx': if another process won the race, use its secret instead of overwriting it.
    fs.writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (err) {
    if ((err as { code?: string }).code !== 'EEXIST') throw err;
    return fs.readFileSync(file, 'utf8').trim();
  }
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
    publicBaseUrl: config.publicBaseUrl,
  });
}
