/** The example client against a live server: real stages on two tiny clips, bearer auth on HTTP and WebSocket. */
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, startTestApp, type TestApp } from '../support/test-app.js';

const root = path.join(import.meta.dirname, '..', '..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
const script = path.join(root, 'examples', 'client', 'src', 'run.ts');
const ffmpeg = process.env.FFMPEG_PATH ?? 'ffmpeg';
const TOKEN = 'example-client-token';

/** Runs the example script; async, because the server it talks to lives in this process. */
function runClient(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(tsx, [script, ...args], { cwd: root, env: { ...process.env, AUTOCLIP_TOKEN: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ env: { API_TOKENS: TOKEN } });
  await Promise.all(
    ['a.mp4', 'b.mp4'].map((name, i) =>
      promisify(execFile)(ffmpeg, [
        '-v', 'error',
        '-f', 'lavfi', '-i', `testsrc2=size=320x240:rate=15`,
        '-f', 'lavfi', '-i', `sine=frequency=${440 + 220 * i}:sample_rate=44100`,
        '-t', '3',
        '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p',
        '-c:a', 'aac',
        path.join(t.mediaRoot, name),
      ]),
    ),
  );
});

afterAll(async () => {
  await t?.stop();
  if (t) fs.rmSync(t.dir, { recursive: true, force: true });
});

describe('examples/client/src/run.ts', () => {
  it('creates a batch, follows it over graphql-ws, approves the plan and prints a URL that downloads', async () => {
    // One path absolute, one relative to the media root: the script passes them as given.
    const { code, stdout, stderr } = await runClient(['--url', t.url, '--token', TOKEN, path.join(t.mediaRoot, 'a.mp4'), 'b.mp4']);
    expect(code, stderr).toBe(0);
    const batchId = /created batch (\S+) with 2 video\(s\)/.exec(stderr)?.[1];
    expect(stderr).toMatch(/AWAITING_APPROVAL/);
    expect(stderr).toMatch(/approved plan v1; batch is /);
    expect(stderr).toMatch(/\[#{30}\] 100% COMPLETED/);

    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const url = new URL(lines[0]!);
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^video\/mp4/);
    const body = Buffer.from(await res.arrayBuffer());
    expect(body.subarray(4, 8).toString('latin1')).toBe('ftyp');

    const { data } = await gql(t.url, 'query ($id: ID!) { batch(id: $id) { status clipPlan { version status } finalVideo { url } } }', { id: batchId }, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(data.batch).toEqual({ status: 'COMPLETED', clipPlan: { version: 1, status: 'APPROVED' }, finalVideo: { url: lines[0] } });
  });

  it('exits 1 with the ValidationError naming the field and source', async () => {
    const { code, stdout, stderr } = await runClient(['--url', t.url, '--token', TOKEN, 'a.mp4', 'missing.mp4']);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^error: createBatch refused sources\.path of source 1 \(missing\.mp4\): \S+/m);
  });

  it('exits 1 when the token is refused', async () => {
    const { code, stderr } = await runClient(['--url', t.url, '--token', 'wrong', 'a.mp4']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^error: HTTP 401: \S+/m);
  });
});
