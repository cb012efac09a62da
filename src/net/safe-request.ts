/**
 * The one outbound HTTP client for user-supplied URLs (URL sources, webhooks).
 * node:http/https rather than fetch, because fetch ignores a custom lookup:
 * here every connection resolves through `publicLookup`, IP literals are
 * checked before connecting, redirects are followed by hand and re-checked,
 * and connect/total timeouts and cancellation cover the body as well.
 */
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { Readable } from 'node:stream';
import { AbortError } from '../domain/errors.js';
import { isPublicAddress } from './address-policy.js';
import { BlockedAddressError, RequestError } from './net-errors.js';
import { publicLookup } from './public-lookup.js';

/** How one request may behave. */
export interface SafeRequestOptions {
  method?: string;
  headers?: Record<string, string>;
  /** Kept in memory so that a 307/308 can resend it. */
  body?: string | Buffer;
  /** True lets the request reach private, loopback and link-local addresses (tests, ALLOW_PRIVATE_URLS). */
  allowPrivate: boolean;
  /** Until the TCP (and TLS) connection of each hop is up, DNS included. */
  connectTimeoutMs: number;
  /** For everything, redirects and the whole body included. */
  totalTimeoutMs: number;
  /** 0: return a 3xx as it is; n: follow at most n redirects. */
  maxRedirects: number;
  signal?: AbortSignal;
}

/** A response whose body the caller must consume or destroy. */
export interface SafeResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** Fails with RequestError('TIMEOUT') or AbortError when the deadline passes or the signal fires mid-body. */
  body: Readable;
  /** The URL that answered, after redirects, without credentials. */
  url: string;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
// Headers that carry the caller's identity; they never follow a redirect to another origin.
const CREDENTIAL_HEADERS = ['authorization', 'cookie', 'proxy-authorization'];

/** Parses a URL and insists on http/https. */
export function parseHttpUrl(raw: string): URL {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new RequestError(`not a valid URL: ${raw.slice(0, 200)}`, 'BAD_URL', false);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new RequestError(`only http and https URLs are allowed, got ${u.protocol}`, 'BAD_URL', false);
  }
  return u;
}

function withoutCredentials(u: URL): string {
  const copy = new URL(u);
  copy.username = '';
  copy.password = '';
  return copy.toString();
}

function wrapNetworkError(err: NodeJS.ErrnoException, u: URL): Error {
  if (['BlockedAddressError', 'RequestError', 'AbortError'].includes(err.name)) return err;
  const code = err.code ?? '';
  // A bad certificate will not fix itself between attempts.
  const tls = code.startsWith('CERT_') || code.includes('SELF_SIGNED') || code.startsWith('ERR_TLS_') || code === 'DEPTH_ZERO_SELF_SIGNED_CERT';
  return new RequestError(`${u.host}: ${err.message}`, 'NETWORK', !tls);
}

interface Hop {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body: string | Buffer | undefined;
}

function sendOnce(hop: Hop, opts: SafeRequestOptions, guard: AbortSignal): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const u = hop.url;
    const host = u.hostname.replace(/^\[|\]$/g, '');
    // Node skips `lookup` for IP literals, so they are checked here (this also covers http://2130706433, which URL normalises to 127.0.0.1).
    if (!opts.allowPrivate && net.isIP(host) && !isPublicAddress(host)) return reject(new BlockedAddressError(host, host));
    if (guard.aborted) return reject(guard.reason);
    const isHttps = u.protocol === 'https:';
    const req = (isHttps ? https : http).request({
      protocol: u.protocol,
      hostname: host,
      port: u.port || undefined,
      path: `${u.pathname}${u.search}`,
      method: hop.method,
      headers: hop.headers,
      // A fresh socket per request: a pooled one would skip the lookup check.
      agent: false,
      lookup: opts.allowPrivate ? undefined : (publicLookup as unknown as net.LookupFunction),
    });
    const connectTimer = setTimeout(() => {
      req.destroy(new RequestError(`${u.host}: no connection within ${opts.connectTimeoutMs} ms`, 'CONNECT_TIMEOUT', true));
    }, opts.connectTimeoutMs);
    const onAbort = (): void => {
      req.destroy(guard.reason as Error);
    };
    guard.addEventListener('abort', onAbort, { once: true });
    const done = (): void => {
      clearTimeout(connectTimer);
      guard.removeEventListener('abort', onAbort);
    };
    req.on('socket', (socket) => {
      socket.once(isHttps ? 'secureConnect' : 'connect', () => clearTimeout(connectTimer));
    });
    req.on('error', (err) => {
      done();
      reject(wrapNetworkError(err, u));
    });
    req.on('response', (res) => {
      done();
      resolve(res);
    });
    req.end(hop.body);
  });
}

/**
 * Sends one request under the SSRF policy; follows redirects by hand when asked to, re-checking each hop.
 * Long because the redirect loop, the per-hop check and the socket pinning must share one scope to stay correct.
 */
export async function safeRequest(url: string, opts: SafeRequestOptions): Promise<SafeResponse> {
  const guardController = new AbortController();
  const guard = guardController.signal;
  const totalTimer = setTimeout(() => {
    guardController.abort(new RequestError(`no complete answer within ${opts.totalTimeoutMs} ms`, 'TIMEOUT', true));
  }, opts.totalTimeoutMs);
  const onCallerAbort = (): void => guardController.abort(new AbortError());
  if (opts.signal?.aborted) onCallerAbort();
  opts.signal?.addEventListener('abort', onCallerAbort, { once: true });
  const release = (): void => {
    clearTimeout(totalTimer);
    opts.signal?.removeEventListener('abort', onCallerAbort);
  };

  try {
    const start = parseHttpUrl(url);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(opts.headers ?? {})) headers[k.toLowerCase()] = v;
    if ((start.username || start.password) && !headers.authorization) {
      const user = decodeURIComponent(start.username);
      const pass = decodeURIComponent(start.password);
      headers.authorization = `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
    }
    let hop: Hop = { url: start, method: (opts.method ?? 'GET').toUpperCase(), headers, body: opts.body };

    for (let redirects = 0; ; redirects++) {
      const res = await sendOnce(hop, opts, guard);
      const status = res.statusCode ?? 0;
      const location = res.headers.location;
      if (opts.maxRedirects > 0 && REDIRECTS.has(status) && location) {
        res.resume();
        if (redirects >= opts.maxRedirects) {
          throw new RequestError(`more than ${opts.maxRedirects} redirects`, 'TOO_MANY_REDIRECTS', false);
        }
        let next: URL;
        try {
          next = parseHttpUrl(new URL(location, hop.url).toString());
        } catch {
          throw new RequestError(`redirect to an invalid or non-http(s) URL: ${location.slice(0, 200)}`, 'BAD_URL', false);
        }
        const nextHeaders = { ...hop.headers };
        if (next.origin !== hop.url.origin) for (const h of CREDENTIAL_HEADERS) delete nextHeaders[h];
        let { method, body } = hop;
        // 303 always, and 301/302 after POST, become GET without a body (what browsers do).
        if (status === 303 || ((status === 301 || status === 302) && method === 'POST')) {
          method = method === 'HEAD' ? 'HEAD' : 'GET';
          body = undefined;
          delete nextHeaders['content-type'];
          delete nextHeaders['content-length'];
        }
        hop = { url: next, method, headers: nextHeaders, body };
        continue;
      }

      // The deadline and the caller's signal keep covering the body until it ends.
      if (guard.aborted) {
        res.destroy();
        throw guard.reason;
      }
      const onGuard = (): void => {
        res.destroy(guard.reason as Error);
      };
      guard.addEventListener('abort', onGuard, { once: true });
      res.once('close', () => {
        guard.removeEventListener('abort', onGuard);
        release();
      });
      return { status, headers: res.headers, body: res, url: withoutCredentials(hop.url) };
    }
  } catch (err) {
    release();
    throw err;
  }
}
