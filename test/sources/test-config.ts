/** A real Config for source tests, built through loadConfig with test-friendly limits. */
import { loadConfig, type Config } from '../../src/config.js';

/** loadConfig with fast retries; `patch` overrides fields after validation. */
export function testConfig(env: Record<string, string>, patch: Partial<Config> = {}): Config {
  const config = loadConfig({ RETRY_BASE_DELAY_MS: '1', ANALYZER: 'offline', ...env }, '/');
  return { ...config, ...patch };
}
