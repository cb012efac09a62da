import { describe, expect, it } from 'vitest';
import { resolveMediaTools } from '../../src/workers/ffmpeg/resolve.js';

describe('resolveMediaTools', () => {
  it('finds the system binaries when nothing is configured', async () => {
    const tools = await resolveMediaTools({ ffmpegPath: null, ffprobePath: null });
    expect(tools.ffmpegPath).toMatch(/ffmpeg$/);
    expect(tools.ffprobePath).toMatch(/ffprobe$/);
    expect(tools.ffmpegVersion).toMatch(/^ffmpeg version/);
    expect(tools.ffprobeVersion).toMatch(/^ffprobe version/);
    expect(['npm', 'system']).toContain(tools.source);
  });

  it('uses the configured paths first', async () => {
    const tools = await resolveMediaTools({ ffmpegPath: '/usr/bin/ffmpeg', ffprobePath: '/usr/bin/ffprobe' });
    expect(tools).toMatchObject({ ffmpegPath: '/usr/bin/ffmpeg', ffprobePath: '/usr/bin/ffprobe', source: 'env' });
  });

  it('names FFMPEG_PATH when the configured binary does not work', async () => {
    await expect(resolveMediaTools({ ffmpegPath: '/nonexistent/ffmpeg', ffprobePath: null })).rejects.toThrow(
      /FFMPEG_PATH/,
    );
  });

  it('names FFPROBE_PATH when the configured ffprobe does not work', async () => {
    await expect(resolveMediaTools({ ffmpegPath: null, ffprobePath: '/bin/true' })).rejects.toThrow(/FFPROBE_PATH/);
  });
});
