/** GraphiQL works with no internet: every non-loopback request is aborted and none is made. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type GuardedBrowser } from '../support/browser.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('GraphiQL offline', () => {
  let app: TestApp;
  let browser: GuardedBrowser;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startTestApp({ env: { ANALYZER: 'offline' } }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('renders the editor with README examples, runs a query, and stays on loopback', async () => {
    const page = await browser.page();
    await page.goto(`${app.url}/graphql`);
    await page.locator('.graphiql-container').first().waitFor();
    // README's first example opens as the first tab.
    await expect.poll(() => page.locator('.graphiql-query-editor').first().innerText(), { timeout: 20_000 }).toContain('createBatch');
    await page.locator('.graphiql-execute-button').first().click();
    await expect.poll(() => page.locator('.graphiql-response').first().innerText(), { timeout: 20_000 }).toContain('ValidationError');
    expect(browser.escaped()).toEqual([]);
  });

  it('the guard aborts and records a request that leaves loopback', async () => {
    const page = await browser.page();
    await page.goto(`${app.url}/healthz`);
    const outcome = await page.evaluate(() => fetch('http://192.0.2.1/probe').then(() => 'reached', () => 'aborted'));
    expect(outcome).toBe('aborted');
    expect(browser.escaped()).toEqual(['http://192.0.2.1/probe']);
  });
});

describe('GraphiQL on a token-protected server', () => {
  it('is served without a token and opens with an editable Authorization header', async () => {
    const app = await startTestApp({ env: { ANALYZER: 'offline', API_TOKENS: 'secret-token' } });
    try {
      const res = await fetch(`${app.url}/graphql`, { headers: { accept: 'text/html' } });
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain('"defaultHeaders":"{\\n  \\"Authorization\\": \\"Bearer <token>\\"\\n}"');
      expect(html).not.toMatch(/<(script|link)[^>]+(src|href)="https?:/);
    } finally {
      await app.stop();
    }
  });
});
