/**
 * A stand-in for DashScope's asynchronous transcription API: a real HTTP
 * server on 127.0.0.1 for submit (POST /api/v1/services/audio/asr/transcription),
 * poll (GET /api/v1/tasks/{id}) and the result file. It fetches the submitted
 * file URL, as the real service does, and checks the headers it must get.
 * It also speaks the temporary file upload: `GET /api/v1/uploads?action=getPolicy`
 * hands out a form policy, `POST /oss-upload` takes the form upload (checked
 * field by field, the file last), and an `oss://` file URL is resolved only
 * with `X-DashScope-OssResourceResolve: enable` and for the model it was uploaded for.
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
  submits: Array<{
    authorization: string | null;
    async: string | null;
    ossResolve: string | null;
    body: { model?: string; input?: { file_urls?: string[] } };
    fetched: { status: number; bytes: number } | null;
  }>;
  /** getPolicy calls: the model asked for and the Authorization header. */
  policies: Array<{ model: string | null; authorization: string | null }>;
  /** Form uploads accepted: the field names in order, the object key, the file's size. */
  uploads: Array<{ fieldOrder: string[]; key: string; bytes: number }>;
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
  const record: FakeAsrRecord = { submits: [], polls: [], resultFetches: 0, policies: [], uploads: [] };
  /** Issued policies by upload_dir, and uploaded objects by key with the model they are bound to. */
  const issued = new Map<string, { model: string; accessKeyId: string; signature: string; policy: string }>();
  const stored = new Map<string, { model: string; bytes: number }>();
  const tasks = new Map<string, { polls: number; fileUrl: string }>();
  let base = '';
  const submitErrors = [...(script.submitErrors ?? [])];

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (req.method === 'GET' && url.pathname === '/api/v1/uploads') {
        const model = url.searchParams.get('model');
        record.policies.push({ model, authorization: req.headers.authorization ?? null });
        if (url.searchParams.get('action') !== 'getPolicy' || !model) return send(res, 400, { code: 'InvalidParameter', message: 'action=getPolicy and model are required' });
        if (!req.headers.authorization?.startsWith('Bearer ')) return send(res, 401, { code: 'InvalidApiKey' });
        const dir = `dashscope-instant/fake/${issued.size + 1}`;
        const grant = { model, accessKeyId: 'LTAI-fake', signature: `sig-${issued.size + 1}`, policy: Buffer.from(JSON.stringify({ conditions: [['starts-with', '$key', dir]] })).toString('base64') };
        issued.set(dir, grant);
        return send(res, 200, {
          request_id: 'r',
          data: { policy: grant.policy, signature: grant.signature, upload_dir: dir, upload_host: `${base}/oss-upload`, expire_in_seconds: 300, max_file_size_mb: 100, capacity_limit_mb: 999999, oss_access_key_id: grant.accessKeyId, x_oss_object_acl: 'private', x_oss_forbid_overwrite: 'true' },
        });
      }
      if (req.method === 'POST' && url.pathname === '/oss-upload') {
        const chunks: Buffer[] = [];
        for await (const c of req) chunks.push(c as Buffer);
        const form = await new Response(Buffer.concat(chunks), { headers: { 'content-type': String(req.headers['content-type']) } }).formData();
        const fieldOrder = [...form.keys()];
        const key = String(form.get('key') ?? '');
        const grant = [...issued.entries()].find(([dir]) => key.startsWith(`${dir}/`))?.[1];
        const file = form.get('file');
        const ok =
          grant &&
          form.get('OSSAccessKeyId') === grant.accessKeyId &&
          form.get('Signature') === grant.signature &&
          form.get('policy') === grant.policy &&
          form.get('x-oss-object-acl') === 'private' &&
          form.get('x-oss-forbid-overwrite') === 'true' &&
          form.get('success_action_status') === '200' &&
          fieldOrder.at(-1) === 'file' &&
          file instanceof Blob &&
          !stored.has(key);
        if (!ok) {
          res.writeHead(403, { 'content-type': 'application/xml' });
          return res.end('<Error><Code>AccessDenied</Code><Message>Invalid according to Policy</Message></Error>');
        }
        const bytes = (file as Blob).size;
        stored.set(key, { model: grant.model, bytes });
        record.uploads.push({ fieldOrder, key, bytes });
        res.writeHead(200);
        return res.end();
      }
      if (req.method === 'POST' && url.pathname === '/api/v1/services/audio/asr/transcription') {
        const parsed = JSON.parse(await body(req)) as FakeAsrRecord['submits'][number]['body'];
        const fileUrl = parsed.input?.file_urls?.[0];
        const ossResolve = (req.headers['x-dashscope-ossresourceresolve'] as string) ?? null;
        let fetched: { status: number; bytes: number } | null = null;
        if (fileUrl?.startsWith('oss://')) {
          // DashScope resolves its temporary storage only when asked to, for the model the file was uploaded for.
          const object = stored.get(fileUrl.slice('oss://'.length));
          fetched = ossResolve === 'enable' && object && object.model === parsed.model ? { status: 200, bytes: object.bytes } : { status: 404, bytes: 0 };
        } else if (fileUrl) {
          const r = await fetch(fileUrl).catch(() => null);
          fetched = r ? { status: r.status, bytes: (await r.arrayBuffer()).byteLength } : { status: 0, bytes: 0 };
        }
        record.submits.push({ authorization: req.headers.authorization ?? null, async: (req.headers['x-dashscope-async'] as string) ?? null, ossResolve, body: parsed, fetched });
        if (fetched && fetched.status !== 200) return send(res, 400, { code: 'InvalidParameter', message: `the file URL could not be read: ${fileUrl}` });
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
