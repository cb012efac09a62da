/** Test helpers for rendering: generated sources, ffprobe/ffmpeg readers and stage deps. */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { pino } from 'pino';
import type { StageDeps } from '../../src/pipeline/stage-deps.js';
import type { BatchSettings, OutputSettings, ProbeInfo, VideoWork } from '../../src/domain/types.js';
import type { MediaPool } from '../../src/workers/media-pool.js';

export const FFMPEG = process.env.FFMPEG_PATH ?? 'ffmpeg';
export const FFPROBE = process.env.FFPROBE_PATH ?? 'ffprobe';

/** Runs ffmpeg synchronously (fixture generation only); throws with stderr on failure. */
export function ffmpeg(args: string[]): void {
  const r = spawnSync(FFMPEG, ['-hide_banner', '-nostdin', '-y', '-loglevel', 'error', ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ffmpeg ${args.join(' ')} failed: ${r.stderr}`);
}

/** Generates a test source quickly (ultrafast) with keyframes `gop` frames apart. */
export function makeSource(out: string, o: { w: number; h: number; fps: number; seconds: number; audio: boolean; gop?: number; video?: string }): void {
  const video = o.video ?? `testsrc2=s=${o.w}x${o.h}:r=${o.fps}:d=${o.seconds}`;
  const args = ['-f', 'lavfi', '-i', video];
  if (o.audio) args.push('-f', 'lavfi', '-i', `sine=f=440:r=44100:d=${o.seconds}`);
  args.push('-c:v', 'libx264', '-preset', 'ultrafast', '-g', String(o.gop ?? 60), '-pix_fmt', 'yuv420p');
  if (o.audio) args.push('-c:a', 'aac', '-shortest');
  args.push(out);
  ffmpeg(args);
}

interface StreamInfo {
  codec_type: string;
  codec_name: string;
  width?: number;
  height?: number;
  r_frame_rate?: string;
  avg_frame_rate?: string;
  duration?: string;
  bit_rate?: string;
  sample_rate?: string;
  channels?: number;
  side_data_list?: unknown[];
}

/** ffprobe's streams of a file. */
export function streams(file: string): StreamInfo[] {
  const r = spawnSync(FFPROBE, ['-v', 'error', '-print_format', 'json', '-show_streams', file], { encoding: 'utf8' });
  return (JSON.parse(r.stdout) as { streams: StreamInfo[] }).streams;
}

/** Presentation times of every video packet, sorted. */
export function videoPacketTimes(file: string): number[] {
  const r = spawnSync(FFPROBE, ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=pts_time', '-of', 'csv=p=0', file], { encoding: 'utf8' });
  return r.stdout.split('\n').filter(Boolean).map(Number).sort((a, b) => a - b);
}

/** Mean stored luma (Y, no range conversion) of each of the first `count` frames, at a tiny size, in a region. */
export function frameLumas(file: string, count: number, region: 'all' | 'top' | 'bottom' = 'all'): number[] {
  const w = 32;
  const h = 32;
  const r = spawnSync(FFMPEG, ['-v', 'error', '-i', file, '-frames:v', String(count), '-vf', `scale=${w}:${h}:flags=area`, '-f', 'rawvideo', '-pix_fmt', 'yuv420p', '-'], {
    maxBuffer: 64 * 1024 * 1024,
  });
  const buf = r.stdout as Buffer;
  const out: number[] = [];
  // yuv420p: the Y plane (w*h bytes) starts each w*h*1.5-byte frame; gray would rescale limited range.
  const frameBytes = (w * h * 3) / 2;
  for (let f = 0; f < count && (f + 1) * frameBytes <= buf.length; f++) {
    const rows = region === 'all' ? [0, h] : region === 'top' ? [0, h / 4] : [(3 * h) / 4, h];
    let sum = 0;
    for (let y = rows[0]!; y < rows[1]!; y++) for (let x = 0; x < w; x++) sum += buf[f * frameBytes + y * w + x]!;
    out.push(sum / ((rows[1]! - rows[0]!) * w));
  }
  return out;
}

/** Ids of live ffmpeg processes whose command line mentions `needle` (read from /proc). */
export function ffmpegProcessesWith(needle: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // A zombie (state Z) has exited; it is only waiting to be reaped.
      if (cmd.includes('ffmpeg') && cmd.includes(needle) && !/\) Z /.test(stat)) pids.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}

/** A video as renderPlan sees it. */
export function videoWork(index: number, localPath: string, probe: ProbeInfo | null, workDir: string): VideoWork {
  return {
    id: `v${index}`, batchId: 'b1', index, sourceType: 'LOCAL', sourcePath: localPath, sourceUrl: null,
    compressionProfile: 'BALANCED', workDir, localPath, downloaded: false, probe, compressed: null, temp: null,
    analysis: null, transcript: null,
  };
}

/** Batch settings with the given output. */
export function batchSettings(output: OutputSettings): BatchSettings {
  return {
    id: 'b1', compressionProfile: 'BALANCED', tempUrlExpirySeconds: 3600, output, enableVlAnalysis: false,
    enableAsr: false, customPrompt: null, autoApprove: true, webhookUrl: null, createdAt: new Date(0),
  };
}

/** The services renderPlan uses; the rest are never touched. */
export function renderDeps(pool: MediaPool): StageDeps {
  return {
    pool,
    tools: { ffmpegPath: FFMPEG, ffprobePath: FFPROBE, ffmpegVersion: 'test', ffprobeVersion: 'test', source: 'system' },
    log: pino({ level: 'silent' }),
    now: () => new Date(),
  } as unknown as StageDeps;
}

export const ORIGINAL: OutputSettings = { mode: 'ORIGINAL_QUALITY', resolution: '1080p', fps: 30, bitrate: '5000k' };

/** Silent stretches of a file's audio, from ffmpeg's silencedetect. */
export function silences(file: string): Array<{ start: number; end: number }> {
  const r = spawnSync(FFMPEG, ['-hide_banner', '-nostdin', '-i', file, '-map', '0:a:0', '-af', 'silencedetect=noise=-50dB:d=0.1', '-f', 'null', '-'], { encoding: 'utf8' });
  const starts = [...r.stderr.matchAll(/silence_start: ([\d.]+)/g)].map((m) => Number(m[1]));
  const ends = [...r.stderr.matchAll(/silence_end: ([\d.]+)/g)].map((m) => Number(m[1]));
  return starts.map((start, i) => ({ start, end: ends[i] ?? Number.NaN }));
}
