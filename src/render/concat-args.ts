/** The concat demuxer's list file and the join argv. Pure: tested without running ffmpeg. */
import { AUDIO_RATE } from './clip-args.js';

/**
 * The list file for `-f concat`: one `file '…'` line per clip, in plan order.
 * Inside single quotes the demuxer knows no escapes, so a `'` closes the
 * quote, is escaped outside it and reopens it (`'\''`), as in a shell.
 */
export function concatListContent(paths: string[]): string {
  return paths
    .map((p) => {
      // The format is line-based; a line break in a path cannot be written.
      if (/[\r\n]/.test(p)) throw new Error(`clip path contains a line break: ${JSON.stringify(p)}`);
      return `file '${p.replaceAll("'", "'\\''")}'\n`;
    })
    .join('');
}

/** What the join needs. */
export interface JoinArgsInput {
  listPath: string;
  output: string;
  audioBitrate: string;
}

/**
 * The argv after the binary for joining uniform clips. Video is copied (the
 * clips already share codec, size, rate, SAR and timescale); the PCM audio is
 * encoded to AAC here, once and continuously, so no AAC priming gap sits at a
 * join. `+faststart` puts the index first so players can start while loading.
 */
export function buildJoinArgs(input: JoinArgsInput): string[] {
  return [
    '-f', 'concat',
    // Our own absolute paths; 'safe' would refuse them.
    '-safe', '0',
    '-protocol_whitelist', 'file,pipe',
    '-i', `file:${input.listPath}`,
    '-map', '0:v:0',
    '-map', '0:a:0',
    '-c:v', 'copy',
    '-c:a', 'aac',
    '-b:a', input.audioBitrate,
    '-ar', String(AUDIO_RATE),
    '-ac', '2',
    '-movflags', '+faststart',
    '-f', 'mp4',
    `file:${input.output}`,
  ];
}
