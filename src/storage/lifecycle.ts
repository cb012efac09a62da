/**
 * The OSS lifecycle rule that expires `temp-compressed/` objects. An ops step
 * (scripts/oss-lifecycle.ts), not an app-start step: it needs
 * oss:PutBucketLifecycle, which the app's runtime policy should not have.
 */

/** The id of the one rule this module owns; every other rule is left alone. */
export const TEMP_RULE_ID = 'temp-compressed-expire';

/** One lifecycle rule as ali-oss reads and writes it (first-lower-case keys). */
export interface LifecycleRuleLike {
  id?: string;
  prefix: string;
  status: 'Enabled' | 'Disabled';
  [field: string]: unknown;
}

/** The two ali-oss calls this needs (an `OSS` client satisfies it). */
export interface LifecycleClient {
  getBucketLifecycle(bucket: string): Promise<{ rules: unknown[] | null }>;
  putBucketLifecycle(bucket: string, rules: never[]): Promise<unknown>;
}

/** The rule: delete temp objects `days` after their last change, and abort stale multipart uploads after a day. */
export function tempLifecycleRule(days: number): LifecycleRuleLike {
  if (!Number.isInteger(days) || days < 1) throw new Error(`lifecycle days must be a whole number ≥ 1, got ${days}`);
  return {
    id: TEMP_RULE_ID,
    prefix: 'temp-compressed/',
    status: 'Enabled',
    expiration: { days },
    abortMultipartUpload: { days: 1 },
  };
}

/**
 * Adds or replaces the temp rule, keeping every other rule: PutBucketLifecycle
 * replaces the whole configuration, so read, merge, then write. Only "no
 * lifecycle yet" counts as empty; any other read error stops us, because
 * writing after a failed read would wipe the bucket's existing rules.
 */
export async function ensureTempLifecycle(client: LifecycleClient, bucket: string, days: number): Promise<LifecycleRuleLike[]> {
  let current: LifecycleRuleLike[] = [];
  try {
    current = ((await client.getBucketLifecycle(bucket)).rules ?? []) as LifecycleRuleLike[];
  } catch (err) {
    const e = err as { code?: string; name?: string };
    if (e.code !== 'NoSuchLifecycle' && e.name !== 'NoSuchLifecycleError') throw err;
  }
  const rules = [...current.filter((r) => r.id !== TEMP_RULE_ID), tempLifecycleRule(days)];
  // ali-oss renames `id` to `ID` in the objects it is given; hand it copies so ours stay as they are.
  await client.putBucketLifecycle(bucket, structuredClone(rules) as never[]);
  return rules;
}
