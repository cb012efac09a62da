/** Shared results written straight to a graphql-ws socket: the same message graphql-ws sends, and a bound on a subscriber that stopped reading. */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { GraphQLError, type ExecutionResult } from 'graphql';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { payloadJson, socketDelivery } from '../../src/server/ws-delivery.js';

const servers: WebSocketServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    for (const c of s.clients) c.terminate();
    await new Promise((r) => s.close(r));
  }
});

/** A real ws server on 127.0.0.1 and one client connected to it; resolves with both ends. */
async function pair(): Promise<{ server: WebSocket; client: WebSocket }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  servers.push(wss);
  await once(wss, 'listening');
  const accepted = once(wss, 'connection');
  const client = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`);
  const [server] = (await accepted) as [WebSocket];
  await once(client, 'open');
  return { server, client };
}

describe('ws delivery', () => {
  it('writes the `next` message graphql-ws would write, errors as their JSON, serialized once per result', async () => {
    const result: ExecutionResult = { data: { batchProgress: { progress: 12.5, message: 'vidéo 0 "a"' } }, errors: [new GraphQLError('masked', { extensions: { code: 'INTERNAL' } })] };
    const expected = { id: 'sub-1', type: 'next', payload: { data: result.data, errors: [{ message: 'masked', extensions: { code: 'INTERNAL' } }] } };
    expect(JSON.parse(`{"p":${payloadJson(result)}}`).p).toEqual(expected.payload);
    expect(payloadJson(result)).toBe(payloadJson(result));
    const { server, client } = await pair();
    const received = once(client, 'message');
    socketDelivery(server, 'sub-1')(result);
    const [data] = (await received) as [Buffer];
    expect(JSON.parse(String(data))).toEqual(expected);
  });

  it('sends nothing on a closed socket', async () => {
    const { server, client } = await pair();
    const closed = once(server, 'close');
    client.close();
    await closed;
    expect(() => socketDelivery(server, 'x')({ data: { a: 1 } })).not.toThrow();
  });

  it('closes a socket that stopped reading once too much is unsent (1013), instead of holding every event for it', async () => {
    const { server, client } = await pair();
    // The client stops reading: the kernel buffers fill, then the server's own buffer grows.
    (client as unknown as { _socket: { pause(): void } })._socket.pause();
    const limit = 256 * 1024;
    const deliver = socketDelivery(server, 'slow', limit);
    const big = { data: { blob: 'x'.repeat(64 * 1024) } };
    let sent = 0;
    while (server.readyState === server.OPEN && sent < 4096) {
      deliver(big);
      sent++;
      // Lets the socket write what the kernel takes.
      await new Promise((r) => setImmediate(r));
    }
    expect(server.readyState).toBe(server.CLOSING);
    // Held for it: at most the limit and one message more.
    expect(server.bufferedAmount).toBeLessThanOrEqual(limit + 70 * 1024);
    const closed = once(client, 'close');
    (client as unknown as { _socket: { resume(): void } })._socket.resume();
    const [code, reason] = (await closed) as [number, Buffer];
    expect(code).toBe(1013);
    expect(String(reason)).toMatch(/too slow/);
  });
});
