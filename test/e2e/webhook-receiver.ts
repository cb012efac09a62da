/** A real webhook endpoint on 127.0.0.1 that records every POST and answers as the test says. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ReceivedWebhook } from '../../src/webhooks/sign.js';

/** One request as it arrived. */
export interface Received extends ReceivedWebhook {
  /** 1-based number of this request. */
  n: number;
  /** The status we answered. */
  answered: number;
  contentType: string | undefined;
}

/** The receiver. */
export interface WebhookReceiver {
  url: string;
  received: Received[];
  /** Resolves with the n-th request (1-based) once it has arrived. */
  nth(n: number): Promise<Received>;
  close(): Promise<void>;
}

/** Starts a receiver; `answer(n)` gives the status and headers of the n-th reply (default 200). */
export async function startWebhookReceiver(
  answer: (n: number) => { status: number; headers?: Record<string, string> } = () => ({ status: 200 }),
): Promise<WebhookReceiver> {
  const received: Received[] = [];
  const waiters: { n: number; resolve: (r: Received) => void }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const n = received.length + 1;
      const reply = answer(n);
      const header = (name: string) => {
        const v = req.headers[name];
        return Array.isArray(v) ? v.join(', ') : (v ?? '');
      };
      const entry: Received = {
        n,
        answered: reply.status,
        id: header('webhook-id'),
        timestamp: header('webhook-timestamp'),
        signature: header('webhook-signature'),
        body: Buffer.concat(chunks).toString('utf8'),
        contentType: req.headers['content-type'],
      };
      received.push(entry);
      res.writeHead(reply.status, { 'content-type': 'text/plain', ...reply.headers });
      res.end(reply.status < 300 ? 'ok' : 'not now');
      for (const w of waiters.filter((x) => x.n === n)) w.resolve(entry);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/autoclip`,
    received,
    nth(n) {
      const have = received[n - 1];
      if (have) return Promise.resolve(have);
      return new Promise((resolve) => waiters.push({ n, resolve }));
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
