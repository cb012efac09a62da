/** Configuration: defaults, validation messages that name the variable, and .env.example listing every variable. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';

const root = path.join(import.meta.dirname, '..', '..');

describe('config', () => {
  it('runs on embedded defaults with no environment', () => {
    const c = loadConfig({}, '/srv/app');
    expect(c).toMatchObject({
      host: '127.0.0.1',
      port: 4000,
      dataDir: '/srv/app/data',
      mediaRoots: ['/srv/app/media'],
      authRequired: false,
      allowPrivateUrls: false,
      storage: { driver: 'local' },
      ai: { analyzer: 'offline', vlModel: 'qwen-vl-plus', textModel: 'qwen-plus' },
      asr: { provider: 'none' },
    });
    expect(loadConfig({ DASHSCOPE_API_KEY: 'k' }).ai).toMatchObject({ analyzer: 'openai', apiKey: 'k' });
  });

  it('names the variable in every refusal', () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ PORT: '70000' }, /^PORT: /],
      [{ ALLOW_PRIVATE_URLS: 'maybe' }, /^ALLOW_PRIVATE_URLS: /],
      [{ STORAGE_DRIVER: 's3' }, /^STORAGE_DRIVER: .*local, oss/],
      [{ STORAGE_DRIVER: 'oss' }, /^OSS_REGION: is required/],
      [{ AI_BASE_URL: 'ftp://x' }, /^AI_BASE_URL: /],
      [{ AI_PRICES: '{"qwen-plus":1}' }, /^AI_PRICES: /],
      [{ HOST: '10.0.0.5' }, /^API_TOKENS: /],
      [{ FINAL_URL_MODE: 'forever' }, /^FINAL_URL_MODE: .*signed, public/],
      // Local storage serves files only through signed links: the error says what to set instead.
      [{ FINAL_URL_MODE: 'public' }, /^FINAL_URL_MODE: is "public", which needs STORAGE_DRIVER=oss with a public-read bucket.*FINAL_URL_EXPIRY_SECONDS/],
    ];
    for (const [env, message] of cases) expect(() => loadConfig(env), JSON.stringify(env)).toThrow(message);
  });

  it('webhook retries: WEBHOOK_RETRIES counts retries; the older WEBHOOK_MAX_ATTEMPTS counts all attempts', () => {
    expect(loadConfig({}).webhook.retries).toBe(7);
    expect(loadConfig({ WEBHOOK_RETRIES: '2' }).webhook.retries).toBe(2);
    expect(loadConfig({ WEBHOOK_MAX_ATTEMPTS: '5' }).webhook.retries).toBe(4);
    expect(loadConfig({ WEBHOOK_RETRIES: '0', WEBHOOK_MAX_ATTEMPTS: '5' }).webhook.retries).toBe(0);
  });

  it('.env.example lists every variable the server reads', () => {
    const source = ['src/config.ts', 'src/config-security.ts', 'src/config-delivery.ts', 'src/queue/queue-config.ts'].map((f) => fs.readFileSync(path.join(root, f), 'utf8')).join('\n');
    const read = new Set([...source.matchAll(/(?:env, |need\(|env\[)'([A-Z][A-Z0-9_]+)'/g)].map((m) => m[1]!));
    const listed = new Set([...fs.readFileSync(path.join(root, '.env.example'), 'utf8').matchAll(/^([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]!));
    expect(read.size).toBeGreaterThan(30);
    expect([...read].filter((v) => !listed.has(v))).toEqual([]);
  });
});
