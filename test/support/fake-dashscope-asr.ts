/**
 * A stand-in for DashScope's asynchronous transcription API: a real HTTP
 * server on 127.0.0.1 for submit (POST /api/v1/services/audio/asr/transcription),
 * poll (GET /api/v1/tasks/{id}) and the result file. It fetches the submitted
 * file URL, as the real service does, and checks the headers it must get.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What one task will do. */
export interface FakeAsrScript {
  sentences: Array<{ begin_time: number; end_time: number; text: string }>;
  /** RUNNING answers before SUCCEEDED. */
  pollsBeforeDone?: number;
  /** End in FAILED instead. */
  fail?: boolean;
  /** Status codes to answer the submit with before accepting it (e.g. [429]). */
  submitErrors?: number[];
}

/** What the server saw. */
export interface FakeAsrRecord {
  submits: Array<{ authorization: string | null; async: string | null; body: { model?: string; input?: { file_urls?: string[] } }; fetched: { status: number; bytes: number } | null }>;
  polls: string[];
  resultFetches: number;
}

/** A running fake. */
export interface FakeDashScopeAsr {
  baseUrl: string;
  record: FakeAsrRecord;
  script: FakeAsrScript;
  close(): Promise<void>;
}

async function body(req: IncomingMessage): Promise<string> {
  let s = '';
  for await (const c of req) s += String(c);
  return s;
}

function send(res: ServerResponse, status: number, data: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(data));
}

/** Starts the fake with a script for every task it accepts. */
export async function startFakeDashScopeAsr(script: FakeAsrScript): Promise<FakeDashScopeAsr> {
  const record: FakeAsrRecord = { submits: [], polls: [], resultFetches: 0 };
  const tasks = new Map<string, { polls: number; fileUrl: string }>();
  let base = '';
  const submitErrors = [...(script.submitErrors ?? [])];

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (req.method === 'POST' && url.pathname === '/api/v1/services/audio/asr/transcription') {
        const parsed = JSON.parse(await body(req)) as FakeAsrRecord['submits'][number]['body'];
        const fileUrl = parsed.input?.file_urls?.[0];
        let fetched: { status: number; bytes: number } | null = null;
        if (fileUrl) {
          const r = await fetch(fileUrl).catch(() => null);
          fetched = r ? { status: r.status, bytes: (await r.arrayBuffer()).byteLength } : { status: 0, bytes: 0 };
        }
        record.submits.push({ authorization: req.headers.authorization ?? null, async: (req.headers['x-dashscope-async'] as string) ?? null, body: parsed, fetched });
        const err = submitErrors.shift();
        if (err) return send(res, err, { code: 'Throttling', message: 'scripted error' });
        if (req.headers['x-dashscope-async'] !== 'enable') return send(res, 400, { code: 'InvalidParameter', message: 'async header missing' });
        if (!fileUrl) return send(res, 400, { code: 'InvalidParameter', message: 'file_urls missing' });
        const id = `task-${tasks.size + 1}`;
        tasks.set(id, { polls: 0, fileUrl });
        return send(res, 200, { request_id: 'r', output: { task_id: id, task_status: 'PENDING' } });
      }
      const poll = /^\/api\/v1\/tasks\/([^/]+)$/.exec(url.pathname);
      if (req.method === 'GET' && poll) {
        const id = decodeURIComponent(poll[1]!);
        record.polls.push(id);
        const task = tasks.get(id);
        if (!task) return send(res, 404, { code: 'NotFound' });
        if (task.polls++ < (script.pollsBeforeDone ?? 1)) return send(res, 200, { output: { task_id: id, task_status: 'RUNNING' } });
        if (script.fail) return send(res, 200, { output: { task_id: id, task_status: 'FAILED', code: 'InvalidFile', message: 'scripted failure' } });
        return send(res, 200, {
          output: {
            task_id: id,
            task_status: 'SUCCEEDED',
            results: [{ file_url: task.fileUrl, transcription_url: `${base}/results/${id}.json`, subtask_status: 'SUCCEEDED' }],
          },
          usage: { duration: 3 },
        });
      }
      if (req.method === 'GET' && url.pathname.startsWith('/results/')) {
        record.resultFetches++;
        return send(res, 200, {
          file_url: 'x',
          properties: { audio_format: 'aac', original_sampling_rate: 16000 },
          transcripts: [{ channel_id: 0, text: script.sentences.map((s) => s.text).join(''), sentences: script.sentences.map((s, i) => ({ ...s, sentence_id: i + 1 })) }],
        });
      }
      send(res, 404, { code: 'NotFound', message: url.pathname });
    })().catch((err: Error) => send(res, 500, { message: err.message }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl: base,
    record,
    script,
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}
