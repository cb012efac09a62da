/** An unreachable model endpoint at start is a warning in `health`, not a crash; a reachable one is named. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { gql, startTestApp } from '../support/test-app.js';

const HEALTH = `query { health { ok analyzer modelEndpoint modelEndpointReachable warnings } }`;

describe('model endpoint check', () => {
  it('starts with an unreachable endpoint and reports it as a warning suggesting the offline analyzer', async () => {
    // A port that was just free: nothing listens there.
    const probe = http.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', () => r()));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const base = `http://127.0.0.1:${port}/compatible-mode/v1`;
    const app = await startTestApp({ env: { ANALYZER: 'openai', AI_API_KEY: 'sk-test', AI_BASE_URL: base } });
    try {
      await expect
        .poll(async () => (await gql(app.url, HEALTH)).data.health.modelEndpointReachable, { timeout: 10_000 })
        .toBe(false);
      const { health } = (await gql(app.url, HEALTH)).data;
      expect(health.ok).toBe(true);
      expect(health.modelEndpoint).toBe(base);
      expect(health.warnings).toHaveLength(1);
      expect(health.warnings[0]).toContain('ANALYZER=offline');
      expect(health.warnings[0]).toContain('dashscope-intl.aliyuncs.com');
    } finally {
      await app.stop();
    }
  });

  it('counts any HTTP answer as reachable', async () => {
    const server = http.createServer((_req, res) => res.writeHead(401).end());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
    const app = await startTestApp({ env: { ANALYZER: 'openai', AI_API_KEY: 'sk-test', AI_BASE_URL: base, ALLOW_PRIVATE_URLS: 'true' } });
    try {
      await expect.poll(async () => (await gql(app.url, HEALTH)).data.health.modelEndpointReachable, { timeout: 10_000 }).toBe(true);
      expect((await gql(app.url, HEALTH)).data.health.warnings).toEqual([]);
    } finally {
      await app.stop();
      server.close();
    }
  });

  it('is not checked with the offline analyzer', async () => {
    const app = await startTestApp({ env: { ANALYZER: 'offline' } });
    try {
      const { health } = (await gql(app.url, HEALTH)).data;
      expect(health.modelEndpoint).toBeNull();
      expect(health.warnings).toEqual([]);
    } finally {
      await app.stop();
    }
  });
});
