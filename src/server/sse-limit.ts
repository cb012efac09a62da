/**
 * Bounds the Server-Sent Event streams one client address holds at once, whatever
 * the endpoint (`/graphql` with `Accept: text/event-stream`, or the graphql-sse one).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GateRefusal } from './http-gate.js';

/** Returns a check that counts a stream until its response closes, or refuses it with 429. */
export function createStreamLimiter(max: number): (req: IncomingMessage, res: ServerResponse) => GateRefusal | null {
  const open = new Map<string, number>();
  return (req, res) => {
    if (!(req.headers.accept ?? '').includes('text/event-stream')) return null;
    const client = req.socket.remoteAddress ?? 'unknown';
    const count = open.get(client) ?? 0;
    if (count >= max) {
      return {
        status: 429,
        code: 'TOO_MANY_STREAMS',
        message: `this client already holds ${max} event streams (MAX_SSE_STREAMS_PER_CLIENT): close one, or use one graphql-sse single connection for many subscriptions`,
      };
    }
    open.set(client, count + 1);
    res.once('close', () => {
      const left = (open.get(client) ?? 1) - 1;
      if (left <= 0) open.delete(client);
      else open.set(client, left);
    });
    return null;
  };
}
