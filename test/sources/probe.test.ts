import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProbeArgs, parseProbeOutput, parseRate, probeMedia, rotationOf } from '../../src/workers/ffmpeg/probe.js';
import { FFMPEG, FFPROBE, makeClip, tempDir } from './clips.js';

describe('probe pure helpers', () => {
  it('builds argv with the whitelist before the input, input last and prefixed', () => {
    const args = buildProbeArgs('/x/-y.mp4');
    expect(args).toEqual([
      '-v', 'error', '-protocol_whitelist', 'file', '-print_format', 'json', '-show_format', '-show_streams', 'file:/x/-y.mp4',
    ]);
  });

  it.each([
    ['30000/1001', 29.97002997002997],
    ['25/1', 25],
    ['0/0', null],
    ['', null],
    [undefined, null],
    ['abc', null],
  ])('parseRate(%s)', (input, expected) => {
    expect(parseRate(input)).toBe(expected);
  });

  it.each([
    [{ side_data_list: [{ side_data_type: 'Display Matrix', rotation: -90 }] }, 90],
    [{ side_data_list: [{ side_data_type: 'Display Matrix', rotation: 90 }] }, 270],
    [{ side_data_list: [{ side_data_type: 'Display Matrix', rotation: 180 }] }, 180],
    [{ side_data_list: [{ side_data_type: 'Display Matrix', rotation: -180 }] }, 180],
    [{ tags: { rotate: '90' } }, 90],
    [{ tags: { rotate: '270' } }, 270],
    [{}, 0],
  ])('rotation of %j is %d clockwise', (stream, expected) => {
    expect(rotationOf(stream)).toBe(expected);
  });

  it('prefers avg_frame_rate, falls back to r_frame_rate and stream duration', () => {
    const info = parseProbeOutput(
      {
        streams: [{ codec_type: 'video', codec_name: 'h264', width: 640, height: 360, avg_frame_rate: '0/0', r_frame_rate: '24/1', duration: '3.5' }],
        format: { format_name: 'matroska,webm' },
      },
      1234,
    );
    expect(info).toMatchObject({ fps: 24, durationSeconds: 3.5, sizeBytes: 1234, hasAudio: false, audioCodec: null, bitRate: null });
  });

  it('skips cover art and refuses audio-only files', () => {
    expect(() =>
      parseProbeOutput({ streams: [{ codec_type: 'audio', codec_name: 'mp3' }, { codec_type: 'video', width: 10, height: 10, disposition: { attached_pic: 1 } }], format: { duration: '3' } }, 10),
    ).toThrow(/no video stream/);
  });

  it('refuses zero duration', () => {
    expect(() => parseProbeOutput({ streams: [{ codec_type: 'video', width: 10, height: 10 }], format: {} }, 10)).toThrow(/zero duration/);
  });
});

describe('probeMedia on generated files', () => {
  let dir: string;
  let remove: () => Promise<void>;
  beforeAll(async () => {
    ({ dir, remove } = await tempDir());
  });
  afterAll(async () => remove());

  it('reads a clip with audio', async () => {
    const file = await makeClip(path.join(dir, 'a.mp4'), { seconds: 2, size: '160x90', rate: 10 });
    const info = await probeMedia(FFPROBE, file);
    expect(info).toMatchObject({ width: 160, height: 90, fps: 10, videoCodec: 'h264', audioCodec: 'aac', hasAudio: true, rotation: 0 });
    expect(info.durationSeconds).toBeGreaterThan(1.9);
    expect(info.durationSeconds).toBeLessThan(2.2);
    expect(info.sizeBytes).toBeGreaterThan(0);
    expect(info.formatName).toContain('mp4');
  });

  it('reads a clip without audio', async () => {
    const file = await makeClip(path.join(dir, 'silent.mp4'), { audio: false });
    const info = await probeMedia(FFPROBE, file);
    expect(info.hasAudio).toBe(false);
    expect(info.audioCodec).toBeNull();
  });

  it('swaps width and height for a rotated clip', async () => {
    // Rotation metadata survives a stream copy (an encode on ffmpeg 5.1 drops it); -display_rotation is 6.0+.
    const plain = await makeClip(path.join(dir, 'unrot.mp4'), { size: '160x90' });
    const file = path.join(dir, 'rot.mp4');
    await new Promise<void>((res, rej) =>
      execFile(FFMPEG, ['-v', 'error', '-y', '-i', plain, '-c', 'copy', '-metadata:s:v', 'rotate=90', file], (e) => (e ? rej(e) : res())),
    );
    const info = await probeMedia(FFPROBE, file);
    expect([90, 270]).toContain(info.rotation);
    expect({ width: info.width, height: info.height }).toEqual({ width: 90, height: 160 });
  });

  it('reads a portrait clip made with transpose as upright, unrotated', async () => {
    const file = await makeClip(path.join(dir, 'portrait.mp4'), { size: '160x90', vf: 'transpose=clock' });
    const info = await probeMedia(FFPROBE, file);
    expect(info).toMatchObject({ width: 90, height: 160, rotation: 0 });
  });

  it('refuses a text file named .mp4', async () => {
    const file = path.join(dir, 'text.mp4');
    await writeFile(file, 'hello, this is not a video\n'.repeat(20));
    await expect(probeMedia(FFPROBE, file)).rejects.toMatchObject({ name: 'UnrecoverableError', message: expect.stringMatching(/not a media file/) });
    // ffprobe's message must not leak the server path.
    await expect(probeMedia(FFPROBE, file)).rejects.toSatisfy((e: Error) => !e.message.includes(dir));
  });

  it('refuses an empty file', async () => {
    const file = path.join(dir, 'empty.mp4');
    await writeFile(file, '');
    await expect(probeMedia(FFPROBE, file)).rejects.toMatchObject({ name: 'UnrecoverableError', message: 'file is empty (0 bytes)' });
  });

  it('refuses an audio-only file', async () => {
    const file = path.join(dir, 'tone.m4a');
    await new Promise<void>((res, rej) =>
      execFile(FFMPEG, ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'sine', '-t', '1', file], (e) => (e ? rej(e) : res())),
    );
    await expect(probeMedia(FFPROBE, file)).rejects.toMatchObject({ name: 'UnrecoverableError', message: 'file has no video stream' });
  });

  it('honours an aborted signal', async () => {
    const file = path.join(dir, 'a.mp4');
    const ac = new AbortController();
    ac.abort();
    await expect(probeMedia(FFPROBE, file, ac.signal)).rejects.toMatchObject({ name: 'AbortError' });
  });
});
