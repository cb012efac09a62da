/**
 * Browser tests' harness: Debian's Chromium driven by playwright-core (its own
 * browser download does not work on these machines), in contexts that abort
 * every request to a non-loopback address and remember it, so a test can
 * assert that nothing the product serves reaches out to the internet.
 */
import fs from 'node:fs';
import { isIP } from 'node:net';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';

/** The real binary (the /usr/bin/chromium wrapper prints a harmless shell warning). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? (fs.existsSync('/usr/lib/chromium/chromium') ? '/usr/lib/chromium/chromium' : '/usr/bin/chromium');

/** Without the background-networking flags Chromium keeps calling hosts of its own. */
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--autoplay-policy=no-user-gesture-required'];

/** True for 127.0.0.0/8, ::1 and localhost. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1';
}

/** True for URLs that stay on this machine (loopback http/ws) or never leave the page (data:, blob:, about:). */
export function staysLocal(raw: string): boolean {
  const u = new URL(raw);
  if (['data:', 'blob:', 'about:', 'chrome-error:'].includes(u.protocol)) return true;
  return isLoopbackHost(u.hostname);
}

/** A browser whose contexts are guarded; close() closes the browser. */
export interface GuardedBrowser {
  browser: Browser;
  /** A new context that aborts and records every request leaving loopback. */
  context(options?: BrowserContextOptions): Promise<BrowserContext>;
  /** A new page in a new guarded context. */
  page(options?: BrowserContextOptions): Promise<Page>;
  /** Every URL that tried to leave loopback so far (requests and WebSockets). */
  escaped(): string[];
  close(): Promise<void>;
}

/** Launches headless Chromium. One per test file keeps the suite fast. */
export async function launchBrowser(): Promise<GuardedBrowser> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: FLAGS, headless: true });
  const escaped = new Set<string>();
  const note = (url: string) => {
    if (!staysLocal(url)) escaped.add(url);
  };
  const context = async (options: BrowserContextOptions = {}) => {
    const ctx = await browser.newContext(options);
    await ctx.route('**/*', (route) => {
      const url = route.request().url();
      if (staysLocal(url)) return route.continue();
      note(url);
      return route.abort('blockedbyclient');
    });
    ctx.on('request', (req) => note(req.url()));
    ctx.on('page', (p) => p.on('websocket', (ws) => note(ws.url())));
    return ctx;
  };
  return {
    browser,
    context,
    async page(options) {
      const ctx = await context(options);
      const page = await ctx.newPage();
      page.on('websocket', (ws) => note(ws.url()));
      return page;
    },
    escaped: () => [...escaped],
    close: () => browser.close(),
  };
}
