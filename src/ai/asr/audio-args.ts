/** The argv that extracts a video's audio for speech recognition. */

/** Extension of the extracted audio: AAC in MP4, accepted by Paraformer and Whisper alike, tiny at 16 kHz mono. */
export const AUDIO_EXT = 'm4a';

/** ffmpeg argv (after the runner's global flags): first audio stream → 16 kHz mono AAC, no video. */
export function audioExtractArgs(input: { inputPath: string; outputPath: string }): string[] {
  return [
    '-i', input.inputPath,
    '-map', '0:a:0',
    '-vn', '-sn', '-dn',
    '-ac', '1',
    '-ar', '16000',
    '-c:a', 'aac',
    '-b:a', '48k',
    '-movflags', '+faststart',
    input.outputPath,
  ];
}
