/**
 * ffprobe → ProbeInfo. Runs ffprobe on a local file only (never a URL: a
 * crafted playlist could make it open network or other local paths) and turns
 * its JSON into plain numbers, with rotation already applied to width/height.
 */
import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { AbortError, UnrecoverableError } from '../../domain/errors.js';
import type { ProbeInfo } from '../../domain/types.js';

/** The subset of ffprobe's `-show_streams` output we read. */
export interface FfprobeStream {
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
  avg_frame_rate?: string;
  r_frame_rate?: string;
  duration?: string;
  tags?: Record<string, string | undefined>;
  side_data_list?: Array<{ side_data_type?: string; rotation?: number | string }>;
  disposition?: Record<string, number | undefined>;
}

/** The subset of ffprobe's JSON output we read. */
export interface FfprobeOutput {
  streams?: FfprobeStream[];
  format?: { duration?: string; format_name?: string; bit_rate?: string };
}

const PROBE_TIMEOUT_MS = 120_000;

/** ffprobe's argv for one local file: JSON out, file protocol only, input last. */
export function buildProbeArgs(file: string): string[] {
  return [
    '-v', 'error',
    // Only the file protocol, also for anything the container names (HLS, concat).
    '-protocol_whitelist', 'file',
    '-print_format', 'json',
    '-show_format',
    '-show_streams',
    // "file:" keeps a name like "-x" or "http:x" from being read as an option or protocol.
    `file:${file}`,
  ];
}

/** "30000/1001" → 29.97; null for "0/0", garbage or non-positive values. */
export function parseRate(rate: string | undefined): number | null {
  if (!rate) return null;
  const [num, den = '1'] = rate.split('/');
  const n = Number(num);
  const d = Number(den);
  if (!Number.isFinite(n) || !Number.isFinite(d) || d === 0) return null;
  const v = n / d;
  return v > 0 && Number.isFinite(v) ? v : null;
}

function positive(value: string | number | undefined): number | null {
  const n = Number(value);
  return value !== undefined && Number.isFinite(n) && n > 0 ? n : null;
}

/**
 * Clockwise display rotation (0/90/180/270). The display matrix angle that
 * ffprobe prints is counter-clockwise (av_display_rotation_get), so it is
 * negated; the legacy `rotate` tag of older ffmpeg is already clockwise.
 */
export function rotationOf(stream: FfprobeStream): number {
  const matrix = stream.side_data_list?.find((s) => s.side_data_type === 'Display Matrix' && s.rotation !== undefined);
  let clockwise = 0;
  if (matrix) clockwise = -Number(matrix.rotation);
  else if (stream.tags?.rotate !== undefined) clockwise = Number(stream.tags.rotate);
  if (!Number.isFinite(clockwise)) return 0;
  // Snap to the nearest quarter turn; odd angles are not something a player honours either.
  return (((Math.round(clockwise / 90) * 90) % 360) + 360) % 360;
}

/** Turns ffprobe JSON (plus the file size) into ProbeInfo; throws UnrecoverableError for non-videos. */
export function parseProbeOutput(out: FfprobeOutput, sizeBytes: number): ProbeInfo {
  const streams = out.streams ?? [];
  // Cover art in MP3/M4A is a one-frame "video" stream marked attached_pic.
  const video = streams.find((s) => s.codec_type === 'video' && !s.disposition?.attached_pic);
  if (!video) throw new UnrecoverableError('file has no video stream');
  const audio = streams.find((s) => s.codec_type === 'audio');
  const duration =
    positive(out.format?.duration) ??
    positive(video.duration) ??
    Math.max(0, ...streams.map((s) => positive(s.duration) ?? 0));
  if (!duration) throw new UnrecoverableError('file has zero duration');
  const rawW = video.width ?? 0;
  const rawH = video.height ?? 0;
  if (rawW <= 0 || rawH <= 0) throw new UnrecoverableError('file has a video stream without a frame size');
  const rotation = rotationOf(video);
  const swap = rotation === 90 || rotation === 270;
  return {
    durationSeconds: duration,
    sizeBytes,
    width: swap ? rawH : rawW,
    height: swap ? rawW : rawH,
    fps: parseRate(video.avg_frame_rate) ?? parseRate(video.r_frame_rate) ?? 0,
    videoCodec: video.codec_name ?? 'unknown',
    audioCodec: audio?.codec_name ?? null,
    hasAudio: audio !== undefined,
    rotation,
    formatName: out.format?.format_name ?? 'unknown',
    bitRate: positive(out.format?.bit_rate),
  };
}

/** ffprobe's last stderr line, without the file path it starts with (paths are not for users). */
function reasonOf(stderr: string, file: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter(Boolean);
  const last = lines[lines.length - 1] ?? 'ffprobe failed';
  return last.replace(`file:${file}: `, '').replace(`${file}: `, '').slice(0, 200);
}

function runFfprobe(ffprobePath: string, args: string[], signal?: AbortSignal): Promise<{ stdout: string; stderr: string; failed: boolean }> {
  return new Promise((resolve, reject) => {
    execFile(
      ffprobePath,
      args,
      { signal, timeout: PROBE_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024, windowsHide: true },
      (err, stdout, stderr) => {
        if (err) {
          const e = err as NodeJS.ErrnoException & { killed?: boolean };
          if (e.name === 'AbortError' || signal?.aborted) return reject(new AbortError());
          if (e.code === 'ENOENT') return reject(new Error(`ffprobe not found at "${ffprobePath}"`));
          return resolve({ stdout: String(stdout), stderr: String(stderr), failed: true });
        }
        resolve({ stdout: String(stdout), stderr: String(stderr), failed: false });
      },
    );
  });
}

/** Probes a local media file; throws UnrecoverableError with a readable reason when it is not a usable video. */
export async function probeMedia(ffprobePath: string, file: string, signal?: AbortSignal): Promise<ProbeInfo> {
  let sizeBytes: number;
  try {
    const st = await stat(file);
    if (!st.isFile()) throw new UnrecoverableError('file is not a regular file');
    sizeBytes = st.size;
  } catch (err) {
    if ((err as { name?: string }).name === 'UnrecoverableError') throw err;
    throw new UnrecoverableError('file does not exist or cannot be read');
  }
  if (sizeBytes === 0) throw new UnrecoverableError('file is empty (0 bytes)');

  const { stdout, stderr, failed } = await runFfprobe(ffprobePath, buildProbeArgs(file), signal);
  if (failed) throw new UnrecoverableError(`file is not a media file (${reasonOf(stderr, file)})`);
  let parsed: FfprobeOutput;
  try {
    parsed = JSON.parse(stdout) as FfprobeOutput;
  } catch {
    throw new UnrecoverableError('file is not a media file (ffprobe gave no readable answer)');
  }
  return parseProbeOutput(parsed, sizeBytes);
}
