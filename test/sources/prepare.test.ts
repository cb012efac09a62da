import { createReadStream } from 'node:fs';
import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.js';
import { prepareVideo } from '../../src/pipeline/stages/prepare.js';
import { probeMedia } from '../../src/workers/ffmpeg/probe.js';
import type { StageDeps } from '../../src/pipeline/stage-deps.js';
import type { BatchSettings, StageControl, VideoWork } from '../../src/domain/types.js';
import type { SourceType } from '../../src/domain/statuses.js';
import { FFPROBE, makeClip, tempDir } from './clips.js';
import { startServer, type TestServer } from './http-servers.js';
import { testConfig } from './test-config.js';
import { DOWNLOAD_RETRIES } from '../../src/sources/retry-fetch.js';

let dir: string;
let remove: () => Promise<void>;
let root: string;
let clip: string;
let clipSize: number;
const servers: TestServer[] = [];

beforeAll(async () => {
  ({ dir, remove } = await tempDir('autoclip-prepare-'));
  root = path.join(dir, 'media');
  await mkdir(root);
  clip = await makeClip(path.join(root, 'clip.mp4'), { seconds: 2 });
  clipSize = (await stat(clip)).size;
  await writeFile(path.join(root, 'text.mp4'), 'this is not a video\n'.repeat(50));
  await writeFile(path.join(root, 'empty.mp4'), '');
});
afterAll(async () => remove());
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function server(handler: Parameters<typeof startServer>[0]): Promise<TestServer> {
  const s = await startServer(handler);
  servers.push(s);
  return s;
}

function config(patch: Partial<Config['download']> = {}, env: Record<string, string> = {}): Config {
  const c = testConfig({ DATA_DIR: path.join(dir, 'data'), MEDIA_ROOTS: root, ALLOW_PRIVATE_URLS: 'true', ...env });
  return { ...c, download: { ...c.download, connectTimeoutMs: 2000, totalTimeoutMs: 5000, ...patch } };
}

function deps(cfg: Config): StageDeps {
  return { config: cfg, tools: { ffprobePath: FFPROBE }, pool: { probe: (file: string, c?: { signal?: AbortSignal }) => probeMedia(FFPROBE, file, c?.signal) }, log: pino({ level: 'silent' }), now: () => new Date() } as unknown as StageDeps;
}

let nextIndex = 0;
async function video(sourceType: SourceType, source: string): Promise<VideoWork> {
  const index = nextIndex++;
  const workDir = path.join(dir, 'work', `v${index}`);
  await mkdir(workDir, { recursive: true });
  return {
    id: `v${index}`, batchId: 'b1', index, sourceType,
    sourcePath: sourceType === 'LOCAL' ? source : null,
    sourceUrl: sourceType === 'LOCAL' ? null : source,
    compressionProfile: 'BALANCED', workDir, localPath: null, downloaded: false,
    probe: null, compressed: null, temp: null, analysis: null, transcript: null,
  };
}

const batch = {} as BatchSettings;
function control(signal = new AbortController().signal): StageControl & { events: Array<[number, string | undefined]> } {
  const events: Array<[number, string | undefined]> = [];
  return { signal, events, onProgress: (f, m) => events.push([f, m]) };
}

function serveClip(res: import('node:http').ServerResponse, type = 'video/mp4'): void {
  res.writeHead(200, { 'content-type': type, 'content-length': String(clipSize) });
  createReadStream(clip).pipe(res);
}

describe('prepareVideo, LOCAL', () => {
  it('probes the file in place and does not claim it', async () => {
    const v = await video('LOCAL', 'clip.mp4');
    const out = await prepareVideo(v, batch, deps(config()), control());
    expect(out.localPath).toBe(clip);
    expect(out.downloaded).toBe(false);
    expect(out.probe).toMatchObject({ width: 160, height: 90, hasAudio: true });
  });

  it('refuses a text file named .mp4 and leaves it alone', async () => {
    const v = await video('LOCAL', 'text.mp4');
    await expect(prepareVideo(v, batch, deps(config()), control())).rejects.toMatchObject({
      name: 'UnrecoverableError',
      message: expect.stringMatching(/^text\.mp4 is not a media file/),
    });
    expect((await stat(path.join(root, 'text.mp4'))).size).toBeGreaterThan(0);
  });

  it('refuses an empty file', async () => {
    const v = await video('LOCAL', 'empty.mp4');
    await expect(prepareVideo(v, batch, deps(config()), control())).rejects.toThrow('empty.mp4 is empty (0 bytes)');
  });

  it('refuses a path outside the roots', async () => {
    const v = await video('LOCAL', '../outside.mp4');
    await expect(prepareVideo(v, batch, deps(config()), control())).rejects.toMatchObject({ name: 'SourceError', retryable: false });
  });

  it('refuses a 601 s clip, naming the limit and the length', async () => {
    await makeClip(path.join(root, 'long.mp4'), { seconds: 601, size: '32x32', rate: 1, audio: false });
    const v = await video('LOCAL', 'long.mp4');
    await expect(prepareVideo(v, batch, deps(config()), control())).rejects.toMatchObject({
      name: 'UnrecoverableError',
      message: 'long.mp4 is 601.0 s long; the limit is 600 s',
    });
    expect((await stat(path.join(root, 'long.mp4'))).isFile()).toBe(true);
  });
});

describe('prepareVideo, URL', () => {
  it('downloads through a redirect, probes, and reports byte progress', async () => {
    const s = await server((req, res) => {
      if (req.url === '/go') return res.writeHead(302, { location: '/files/clip.mp4?sig=abc' }).end();
      serveClip(res);
    });
    const v = await video('URL', `${s.url}/go`);
    const c = control();
    const out = await prepareVideo(v, batch, deps(config()), c);
    // The extension comes from the URL the user gave.
    expect(out.localPath).toBe(path.join(v.workDir, `source_${v.index}`));
    expect(out.downloaded).toBe(true);
    expect(out.probe.sizeBytes).toBe(clipSize);
    expect(await readdir(v.workDir)).toEqual([`source_${v.index}`]);
    expect(c.events.some(([, m]) => m?.startsWith('downloaded'))).toBe(true);
    expect(c.events.at(-1)?.[0]).toBe(1);
  });

  it('keeps a sane extension from the URL', async () => {
    const s = await server((_req, res) => serveClip(res));
    const v = await video('URL', `${s.url}/a/b/My%20Clip.MOV?x=1`);
    const out = await prepareVideo(v, batch, deps(config()), control());
    expect(path.basename(out.localPath)).toBe(`source_${v.index}.mov`);
  });

  it('retries a 500 twice, then succeeds on the third attempt', async () => {
    let n = 0;
    const s = await server((_req, res) => (++n <= 2 ? res.writeHead(500).end('boom') : serveClip(res)));
    const v = await video('URL', `${s.url}/clip.mp4`);
    const out = await prepareVideo(v, batch, deps(config()), control());
    expect(out.downloaded).toBe(true);
    expect(s.requests).toHaveLength(3);
  });

  it(`gives up after ${DOWNLOAD_RETRIES} retries: ${DOWNLOAD_RETRIES + 1} requests answered 503`, async () => {
    const s = await server((_req, res) => res.writeHead(503).end());
    const v = await video('URL', `${s.url}/clip.mp4`);
    await expect(prepareVideo(v, batch, deps(config()), control())).rejects.toMatchObject({
      name: 'SourceError',
      retryable: false,
      message: expect.stringMatching(/503 Service Unavailable \(gave up after 4 attempts\)/),
    });
    expect(DOWNLOAD_RETRIES).toBe(3);
    expect(s.requests).toHaveLength(DOWNLOAD_RETRIES + 1);
  });

  it('fails at once on a 404', async () => {
    const s = await server((_req, res) => res.writeHead(404).end('no'));
    const v = await video('URL', `${s.url}/missing.mp4`);
    await expect(prepareVideo(v, batch, deps(config()), control())).rejects.toMatchObject({
      name: 'SourceError',
      retryable: false,
      message: `${s.url}/missing.mp4: the server answered 404 Not Found`,
    });
    expect(s.requests).toHaveLength(1);
  });

  it('fails a response slower than the total timeout, after its attempts, leaving nothing', async () => {
    const s = await server((_req, res) => {
      res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': '100000' });
      res.write(Buffer.alloc(1000));
    });
    const v = await video('URL', `${s.url}/slow.mp4`);
    await expect(prepareVideo(v, batch, deps(config({ totalTimeoutMs: 200 })), control())).rejects.toMatchObject({
      name: 'SourceError',
      message: expect.stringMatching(/within 200 ms/),
    });
    expect(s.requests).toHaveLength(DOWNLOAD_RETRIES + 1);
    expect(await readdir(v.workDir)).toEqual([]);
  });

  it('stops an oversized body (no content-length) at the cap and leaves no partial file', async () => {
    const s = await server((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      const chunk = Buffer.alloc(64 * 1024);
      // Endless body: only the cap can end this download.
      const pump = (): void => {
        while (res.write(chunk));
        res.once('drain', pump);
      };
      pump();
    });
    const v = await video('URL', `${s.url}/huge.mp4`);
    await expect(prepareVideo(v, batch, deps(config({ maxBytes: 1024 * 1024 })), control())).rejects.toMatchObject({
      name: 'SourceError',
      retryable: false,
      message: expect.stringMatching(/larger than the 1\.0 MiB download limit/),
    });
    expect(s.requests).toHaveLength(1);
    expect(await readdir(v.workDir)).toEqual([]);
  });

  it('refuses a declared content-length over the cap before downloading', async () => {
    const s = await server((_req, res) => serveClip(res));
    const v = await video('URL', `${s.url}/clip.mp4`);
    await expect(prepareVideo(v, batch, deps(config({ maxBytes: 100 })), control())).rejects.toThrow(/larger than the 100 bytes download limit/);
    expect(await readdir(v.workDir)).toEqual([]);
  });

  it('refuses a private address when private URLs are not allowed', async () => {
    const s = await server((_req, res) => serveClip(res));
    const v = await video('URL', `${s.url}/clip.mp4`);
    await expect(prepareVideo(v, batch, deps(config({}, { ALLOW_PRIVATE_URLS: 'false' })), control())).rejects.toMatchObject({
      name: 'SourceError',
      retryable: false,
      message: expect.stringMatching(/private, loopback or link-local.*ALLOW_PRIVATE_URLS/),
    });
    expect(s.requests).toHaveLength(0);
  });

  it('refuses a web page', async () => {
    const s = await server((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<html></html>'));
    const v = await video('URL', `${s.url}/watch?v=1`);
    await expect(prepareVideo(v, batch, deps(config()), control())).rejects.toThrow(/returned a web page \(text\/html\), not a video file/);
    expect(s.requests).toHaveLength(1);
  });

  it('names an HTML page served as octet-stream', async () => {
    const s = await server((_req, res) => res.writeHead(200, { 'content-type': 'application/octet-stream' }).end('<!DOCTYPE html><html><body>Sign in</body></html>'));
    const v = await video('URL', `${s.url}/share/clip.mp4`);
    await expect(prepareVideo(v, batch, deps(config()), control())).rejects.toThrow(/clip\.mp4 is a web page \(HTML\), not a video file/);
    expect(await readdir(v.workDir)).toEqual([]);
  });

  it('deletes a downloaded file that is not a video', async () => {
    const s = await server((_req, res) => res.writeHead(200, { 'content-type': 'application/octet-stream' }).end('just text\n'.repeat(100)));
    const v = await video('URL', `${s.url}/fake.mp4`);
    await expect(prepareVideo(v, batch, deps(config()), control())).rejects.toMatchObject({
      name: 'UnrecoverableError',
      message: expect.stringMatching(/fake\.mp4 is not a media file/),
    });
    expect(await readdir(v.workDir)).toEqual([]);
  });

  it('stops at once when cancelled mid-download and leaves no partial file', async () => {
    const ac = new AbortController();
    const s = await server((_req, res) => {
      res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': '10000000' });
      res.write(Buffer.alloc(300 * 1024), () => ac.abort());
    });
    const v = await video('URL', `${s.url}/clip.mp4`);
    await expect(prepareVideo(v, batch, deps(config()), control(ac.signal))).rejects.toMatchObject({ name: 'AbortError' });
    expect(s.requests).toHaveLength(1);
    expect(await readdir(v.workDir)).toEqual([]);
  });
});
