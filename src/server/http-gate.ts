/**
 * The browser rules every HTTP request and WebSocket upgrade passes before anything
 * answers it (GraphQL, /healthz, /files/, static files, uploads): on a loopback bind
 * only loopback Host names and the PUBLIC_BASE_URL host are served (DNS rebinding finds
 * nothing), and a request that carries a foreign `Origin` is refused (a page on another
 * site cannot drive the server; CORS_ORIGINS lists the exceptions). See docs/security.md.
 */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { isLoopbackHost } from '../config.js';

/** What the gate needs to know about the server. */
export interface GateOptions {
  /** The address the server listens on (HOST). */
  bindHost: string;
  /** How clients reach the server; read per request (the port is known only after listen). */
  publicBaseUrl: () => string;
  /** Origins allowed cross-origin calls (CORS_ORIGINS). */
  corsOrigins: readonly string[];
}

/** Why a request was refused. */
export interface GateRefusal {
  status: number;
  /** FORBIDDEN_HOST, FORBIDDEN_ORIGIN or TOO_MANY_STREAMS. */
  code: string;
  message: string;
}

/** Returns a function that checks a request's headers; null means the request may go on. */
export function createGate(options: GateOptions): (headers: IncomingHttpHeaders) => GateRefusal | null {
  const loopbackBind = isLoopbackHost(options.bindHost);
  return (headers) => {
    const host = headers.host;
    const publicUrl = new URL(options.publicBaseUrl());
    if (loopbackBind && host !== undefined) {
      const name = hostnameOf(host);
      if (name === null || (!isLoopbackHost(name) && name !== publicUrl.hostname.toLowerCase())) {
        return {
          status: 421,
          code: 'FORBIDDEN_HOST',
          message: `Host "${host}" is not served here: this server listens on a loopback address and answers only to loopback names and the PUBLIC_BASE_URL host (${publicUrl.host})`,
        };
      }
    }
    const origin = headers.origin;
    if (origin === undefined) return null;
    if (originAllowed(origin, host, publicUrl, options.corsOrigins)) return null;
    return {
      status: 403,
      code: 'FORBIDDEN_ORIGIN',
      message: `Origin "${origin}" may not call this server: only its own origin and the origins in CORS_ORIGINS may`,
    };
  };
}

/** The lower-cased host name of a Host header ("[::1]:4000" → "[::1]"), or null when it does not parse. */
function hostnameOf(host: string): string | null {
  try {
    const u = new URL(`http://${host}`);
    if (u.username || u.password || u.pathname !== '/' || u.search || u.hash) return null;
    return u.hostname.toLowerCase();
  } catch {
    return null;
  }
}

/** Same origin as the request (Origin names the Host it was sent to), the public origin, or listed. */
function originAllowed(origin: string, host: string | undefined, publicUrl: URL, cors: readonly string[]): boolean {
  let o: URL;
  try {
    o = new URL(origin);
  } catch {
    return false; // "null" (sandboxed frames, file:) and garbage
  }
  if (o.protocol !== 'http:' && o.protocol !== 'https:') return false;
  if (cors.includes(o.origin) || o.origin === publicUrl.origin) return true;
  if (host === undefined) return false;
  try {
    return new URL(`${o.protocol}//${host}`).host === o.host;
  } catch {
    return false;
  }
}

/** Writes a refusal as a GraphQL-shaped JSON error. */
export function writeRefusal(res: ServerResponse, refusal: GateRefusal): void {
  res.writeHead(refusal.status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', connection: 'close' });
  res.end(JSON.stringify({ errors: [{ message: refusal.message, extensions: { code: refusal.code } }] }));
}

/** Ends a WebSocket upgrade with a plain HTTP refusal. */
export function refuseUpgrade(socket: Duplex, status: number, message: string): void {
  const body = JSON.stringify({ errors: [{ message }] });
  socket.end(
    `HTTP/1.1 ${status} ${status === 404 ? 'Not Found' : status === 421 ? 'Misdirected Request' : 'Forbidden'}\r\n` +
      `content-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

/** Wraps a request handler so that the checks run first, in order; the first refusal answers. */
export function gated(
  checks: ((req: IncomingMessage, res: ServerResponse) => GateRefusal | null)[],
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    for (const check of checks) {
      const refusal = check(req, res);
      if (refusal) return writeRefusal(res, refusal);
    }
    handler(req, res);
  };
}
