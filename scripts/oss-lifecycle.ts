/**
 * Installs (or updates) the OSS lifecycle rule that deletes `temp-compressed/`
 * objects after N days and aborts multipart uploads left for a day, keeping
 * every other rule of the bucket.
 *
 * Usage (same environment as the server, STORAGE_DRIVER=oss):
 *   npx tsx scripts/oss-lifecycle.ts [--days N]      # default 2 days
 *   npx tsx scripts/oss-lifecycle.ts --show          # print the current rules only
 *
 * It needs oss:GetBucketLifecycle and oss:PutBucketLifecycle. Keep those out of
 * the app's runtime RAM policy: set OSS_ADMIN_ACCESS_KEY_ID and
 * OSS_ADMIN_ACCESS_KEY_SECRET to run this with separate admin keys.
 */
import { pathToFileURL } from 'node:url';
import OSS from 'ali-oss';
import { loadConfig } from '../src/config.js';
import { ensureTempLifecycle } from '../src/storage/lifecycle.js';
import { ossClientOptions } from '../src/storage/oss-storage.js';

/** Default age at which temp objects go: one day past the longest temp URL (24 h), since OSS counts whole days. */
const DEFAULT_DAYS = 2;

/** Runs the script; returns the exit code. */
export async function main(argv: string[], env: Record<string, string | undefined>, out: (line: string) => void): Promise<number> {
  const config = loadConfig(env);
  if (config.storage.driver !== 'oss' || !config.storage.oss) {
    out('STORAGE_DRIVER is not "oss"; the local backend is cleaned by the built-in sweeper instead.');
    return 1;
  }
  const oss = { ...config.storage.oss };
  if (env.OSS_ADMIN_ACCESS_KEY_ID && env.OSS_ADMIN_ACCESS_KEY_SECRET) {
    oss.accessKeyId = env.OSS_ADMIN_ACCESS_KEY_ID;
    oss.accessKeySecret = env.OSS_ADMIN_ACCESS_KEY_SECRET;
  }
  const client = new OSS(ossClientOptions(oss));
  if (argv.includes('--show')) {
    const current = await client.getBucketLifecycle(oss.bucket).catch((err: { code?: string }) => {
      if (err.code === 'NoSuchLifecycle') return { rules: [] };
      throw err;
    });
    out(JSON.stringify(current.rules ?? [], null, 2));
    return 0;
  }
  const i = argv.indexOf('--days');
  const days = i >= 0 ? Number(argv[i + 1]) : DEFAULT_DAYS;
  const rules = await ensureTempLifecycle(client, oss.bucket, days);
  out(`bucket ${oss.bucket}: ${rules.length} lifecycle rule(s); temp-compressed/ expires after ${days} day(s)`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2), process.env, (line) => console.log(line)).then(
    (code) => process.exit(code),
    (err: Error) => {
      console.error(`oss-lifecycle: ${err.message}`);
      process.exit(1);
    },
  );
}
