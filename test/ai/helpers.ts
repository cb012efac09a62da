/** Shared fixtures for the ai tests: config, video records, a stand-in storage, tiny generated clips. */
import { spawnSync } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { loadConfig, type Config } from '../../src/config.js';
import type { MediaTools } from '../../src/workers/ffmpeg/resolve.js';
import type { BatchSettings, StageControl, VideoWork } from '../../src/domain/types.js';
import type { Storage } from '../../src/storage/storage.js';

export const FFMPEG = process.env.FFMPEG_PATH ?? 'ffmpeg';
export const FFPROBE = process.env.FFPROBE_PATH ?? 'ffprobe';
export const TEST_KEY = 'sk-test-SECRET-0123456789abcdef';
export const silentLog = pino({ level: 'silent' });
export const tools: MediaTools = { ffmpegPath: FFMPEG, ffprobePath: FFPROBE, ffmpegVersion: 'test', ffprobeVersion: 'test', source: 'system' };

/** A config pointing at a fake model API. */
export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({ AI_API_KEY: TEST_KEY, ASR_PROVIDER: 'none', ...env }, '/tmp');
}

/** Batch settings with everything off. */
export function testBatch(overrides: Partial<BatchSettings> = {}): BatchSettings {
  return {
    id: 'batch-test',
    compressionProfile: 'BALANCED',
    tempUrlExpirySeconds: 3600,
    output: { mode: 'ORIGINAL_QUALITY', resolution: '1080p', fps: 30, bitrate: '5000k' },
    enableVlAnalysis: true,
    enableAsr: false,
    customPrompt: null,
    autoApprove: false,
    webhookUrl: null,
    createdAt: new Date(),
    ...overrides,
  };
}

/** A video that went through preparation and compression. */
export function testVideo(index: number, durationSeconds: number, overrides: Partial<VideoWork> = {}): VideoWork {
  return {
    id: `video-${index}`,
    batchId: 'batch-test',
    index,
    sourceType: 'LOCAL',
    sourcePath: null,
    sourceUrl: null,
    compressionProfile: 'BALANCED',
    workDir: '/tmp',
    localPath: null,
    downloaded: false,
    probe: { durationSeconds, sizeBytes: 1000, width: 320, height: 240, fps: 10, videoCodec: 'h264', audioCodec: 'aac', hasAudio: true, rotation: 0, formatName: 'mp4', bitRate: null },
    compressed: null,
    temp: null,
    analysis: null,
    transcript: null,
    ...overrides,
  };
}

/** A StageControl that records progress. */
export function testControl(signal: AbortSignal = new AbortController().signal): StageControl & { progress: number[] } {
  const progress: number[] = [];
  return { signal, progress, onProgress: (f) => void progress.push(f) };
}

/** Runs ffmpeg synchronously for fixtures; throws with stderr on failure. */
export function ffmpegSync(args: string[]): void {
  const r = spawnSync(FFMPEG, ['-hide_banner', '-loglevel', 'error', '-y', ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ffmpeg failed: ${r.stderr}`);
}

/** Serves files by path over HTTP (a stand-in for signed storage links). */
export async function startFileServer(files: Record<string, string>): Promise<{ url(name: string): string; close(): Promise<void>; server: Server }> {
  const server = createServer(async (req, res) => {
    const file = files[(req.url ?? '/').slice(1).split('?')[0]!];
    if (!file) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': String((await stat(file)).size) });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    url: (name) => `http://127.0.0.1:${port}/${name}?sig=test`,
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

/** A Storage stand-in: records uploads, signs with a base URL; only what the ai code uses works. */
export function testStorage(options: { publicUrls: boolean; signBase?: string; files?: Record<string, string> }): Storage & { puts: Array<{ key: string; filePath: string }> } {
  const puts: Array<{ key: string; filePath: string }> = [];
  const unused = async (): Promise<never> => { throw new Error('not used in ai tests'); };
  return {
    driver: 'local',
    publicUrls: options.publicUrls,
    puts,
    async putFile(key, filePath) {
      puts.push({ key, filePath });
      if (options.files) options.files[key.replace(/\//g, '_')] = filePath;
      return { key, sizeBytes: (await stat(filePath)).size, lastModified: new Date() };
    },
    async signedUrl(key) {
      return `${options.signBase ?? 'http://storage.invalid'}/${key.replace(/\//g, '_')}?sig=test`;
    },
    delete: async () => {},
    deletePrefix: unused,
    list: unused,
    stat: unused,
    check: async () => ({ ok: true, message: 'test' }),
  };
}
