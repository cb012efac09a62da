/** Secrets the server generates once and keeps in DATA_DIR, so links and signatures survive restarts. */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Reads `${dataDir}/${name}`, or creates it with a fresh random secret
 * (mode 0600). If another process wins the race to create it, its secret is used.
 */
export function persistentSecret(dataDir: string, name: string, make: () => string = () => crypto.randomBytes(32).toString('base64url')): string {
  const file = path.join(dataDir, name);
  try {
    const existing = fs.readFileSync(file, 'utf8').trim();
    if (existing) return existing;
  } catch (err) {
    if ((err as { code?: string }).code !== 'ENOENT') throw err;
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const secret = make();
  try {
    fs.writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (err) {
    if ((err as { code?: string }).code !== 'EEXIST') throw err;
    return fs.readFileSync(file, 'utf8').trim();
  }
}

/** WEBHOOK_SECRET, or a `whsec_` secret generated once into DATA_DIR/webhook-secret. */
export function webhookSecret(configured: string, dataDir: string): string {
  return configured || persistentSecret(dataDir, 'webhook-secret', () => `whsec_${crypto.randomBytes(32).toString('base64')}`);
}
