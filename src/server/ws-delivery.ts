/**
 * Shared subscription results written straight to a graphql-ws socket: the
 * `next` message graphql-ws would send, with the result serialized once per
 * event for all its subscribers instead of once per subscriber, and no
 * per-subscriber promise chain. See docs/architecture.md (subscriptions).
 */
import type { ExecutionResult } from 'graphql';
import type { WebSocket } from 'ws';
import type { Deliver } from './subscription-member.js';

/**
 * Bytes a socket may have unsent before it is closed (1013, "try again
 * later"): a subscriber that stopped reading must not make the server hold
 * every event for it. A reconnecting client gets the current state first.
 */
export const SLOW_SUBSCRIBER_BYTES = 4 * 1024 * 1024;

const serialized = new WeakMap<ExecutionResult, string>();

/** The result as graphql-ws sends it in a `next` payload (errors as their JSON), serialized once per result object. */
export function payloadJson(result: ExecutionResult): string {
  let json = serialized.get(result);
  if (json === undefined) {
    const { errors, ...rest } = result;
    json = JSON.stringify(errors ? { ...rest, errors: errors.map((e) => (typeof e.toJSON === 'function' ? e.toJSON() : e)) } : rest);
    serialized.set(result, json);
  }
  return json;
}

/** Sends subscription `id`'s results on `socket` as graphql-ws `next` messages, in the order given. */
export function socketDelivery(socket: WebSocket, id: string, maxBufferedBytes = SLOW_SUBSCRIBER_BYTES): Deliver {
  const head = `{"id":${JSON.stringify(id)},"type":"next","payload":`;
  return (result) => {
    if (socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > maxBufferedBytes) {
      socket.close(1013, `subscriber too slow: over ${maxBufferedBytes} bytes unsent; reconnect to get the current state`);
      return;
    }
    socket.send(`${head}${payloadJson(result)}}`);
  };
}
