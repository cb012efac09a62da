/**
 * A stand-in for an OpenAI-compatible model API: a real HTTP server on
 * 127.0.0.1 that speaks /v1/chat/completions and /v1/audio/transcriptions,
 * records every request, and answers from a script.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One scripted answer. */
export type FakeReply =
  | { kind: 'json'; body: unknown; usage?: FakeUsage; delayMs?: number }
  | { kind: 'text'; content: string; usage?: FakeUsage; delayMs?: number }
  | { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string>; delayMs?: number }
  | { kind: 'transcription'; segments: Array<{ start: number; end: number; text: string }>; delayMs?: number }
  /** Never answers (until the client gives up or the server closes). */
  | { kind: 'hang' };

/** Token counts a reply reports. */
export interface FakeUsage {
  prompt_tokens: number;
  completion_tokens: number;
}

/** A content part as received (video parts included). */
export interface ReceivedPart {
  type: string;
  text?: string;
  video_url?: { url: string };
  video?: string[];
  fps?: number;
  [key: string]: unknown;
}

/** What the server saw of one request. */
export interface RecordedRequest {
  method: string;
  path: string;
  authorization: string | null;
  /** Parsed JSON body (chat) or the multipart text fields (transcriptions). */
  body: Record<string, unknown>;
  model: string | null;
  messages: Array<{ role: string; content: string | ReceivedPart[] }>;
  /** Every content part of every message, in order. */
  parts: ReceivedPart[];
  /** Multipart file fields: name → { filename, size }. */
  files: Record<string, { filename: string; size: number }>;
  /** Results of fetching each video_url (when fetchVideoUrls is on). */
  videoFetches: Array<{ url: string; status: number; bytes: number; error?: string }>;
}

/** A running fake. */
export interface FakeOpenAi {
  /** Base URL including /v1, as the openai client expects it. */
  baseUrl: string;
  requests: RecordedRequest[];
  /** Adds replies to the end of the script. */
  enqueue(...replies: FakeReply[]): void;
  /** Replies not used yet. */
  pending(): number;
  /** Resolves when the nth request (1-based) has arrived. */
  waitForRequests(n: number): Promise<void>;
  close(): Promise<void>;
}

const DEFAULT_USAGE: FakeUsage = { prompt_tokens: 1000, completion_tokens: 200 };

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(text);
}

function completion(model: string, content: string, usage: FakeUsage): unknown {
  return {
    id: `chatcmpl-fake-${Math.random().toString(36).slice(2)}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
    usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
  };
}

/** Starts the fake on 127.0.0.1 with a free port. */
export async function startFakeOpenAi(options: { fetchVideoUrls?: boolean } = {}): Promise<FakeOpenAi> {
  const script: FakeReply[] = [];
  const requests: RecordedRequest[] = [];
  const waiters: Array<{ n: number; resolve(): void }> = [];
  const hanging = new Set<ServerResponse>();

  const server = createServer((req, res) => {
    void handle(req, res).catch((err: Error) => send(res, 500, { error: { message: `fake-openai crashed: ${err.message}` } }));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      authorization: (req.headers.authorization as string | undefined) ?? null,
      body: {},
      model: null,
      messages: [],
      parts: [],
      files: {},
      videoFetches: [],
    };
    const type = String(req.headers['content-type'] ?? '');
    if (type.startsWith('multipart/form-data')) {
      // Let undici's own multipart parser read what the openai package sent.
      const form = await new Request('http://x/', { method: 'POST', headers: { 'content-type': type }, body: new Uint8Array(raw) }).formData();
      for (const [k, v] of form.entries()) {
        if (typeof v === 'string') record.body[k] = v;
        else record.files[k] = { filename: (v as File).name, size: (v as File).size };
      }
      record.model = typeof record.body.model === 'string' ? record.body.model : null;
    } else if (raw.length) {
      record.body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
      record.model = typeof record.body.model === 'string' ? record.body.model : null;
      record.messages = Array.isArray(record.body.messages) ? (record.body.messages as RecordedRequest['messages']) : [];
      for (const m of record.messages) if (Array.isArray(m.content)) record.parts.push(...m.content);
    }
    if (options.fetchVideoUrls) {
      for (const p of record.parts) {
        if (p.type !== 'video_url' || !p.video_url?.url) continue;
        try {
          const r = await fetch(p.video_url.url);
          const bytes = (await r.arrayBuffer()).byteLength;
          record.videoFetches.push({ url: p.video_url.url, status: r.status, bytes });
        } catch (err) {
          record.videoFetches.push({ url: p.video_url.url, status: 0, bytes: 0, error: (err as Error).message });
        }
      }
    }
    requests.push(record);
    for (const w of [...waiters]) {
      if (requests.length >= w.n) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }

    const known = url.pathname.endsWith('/chat/completions') || url.pathname.endsWith('/audio/transcriptions');
    if (!known) return send(res, 404, { error: { message: `fake-openai: no route ${url.pathname}` } });
    const reply = script.shift();
    if (!reply) return send(res, 500, { error: { message: 'fake-openai: the script has no reply left' } });
    if (reply.kind === 'hang') {
      hanging.add(res);
      res.on('close', () => hanging.delete(res));
      return;
    }
    if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
    const model = record.model ?? 'unknown';
    switch (reply.kind) {
      case 'json':
        return send(res, 200, completion(model, JSON.stringify(reply.body), reply.usage ?? DEFAULT_USAGE));
      case 'text':
        return send(res, 200, completion(model, reply.content, reply.usage ?? DEFAULT_USAGE));
      case 'status':
        return send(res, reply.status, reply.body ?? { error: { message: `scripted ${reply.status}`, type: 'fake' } }, reply.headers);
      case 'transcription': {
        const text = reply.segments.map((s) => s.text).join(' ');
        const duration = reply.segments.at(-1)?.end ?? 0;
        return send(res, 200, { task: 'transcribe', language: 'english', duration, text, segments: reply.segments.map((s, id) => ({ id, ...s })) });
      }
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    enqueue: (...replies) => void script.push(...replies),
    pending: () => script.length,
    waitForRequests: (n) => (requests.length >= n ? Promise.resolve() : new Promise((resolve) => waiters.push({ n, resolve }))),
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
