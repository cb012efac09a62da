/** The argv of the offline analyzer's single ffmpeg pass over a video. */

/** Score above which a frame starts a new scene (the classic `select='gt(scene,0.3)'`). */
export const SCENE_CUT_THRESHOLD = 0.3;
/** Silence: quieter than this for at least SILENCE_MIN_SECONDS. */
export const SILENCE_NOISE = '-30dB';
/** Shortest silence silencedetect reports, in seconds. */
export const SILENCE_MIN_SECONDS = 0.5;
/** Black: at least this long, pixels darker than 10 %. */
export const BLACK_MIN_SECONDS = 0.5;
/** Frozen: nearly identical frames for at least this long. */
export const FREEZE_MIN_SECONDS = 2;
/** Width frames are scaled to before analysis: enough for scene scores, cheap to compare. */
export const SIGNAL_WIDTH = 160;

/**
 * Escapes a filter option value (a file path) for use inside a filtergraph
 * string: first the option level (`\ ' :`), then the graph level (`\ ' [ ] , ;`).
 */
export function escapeFilterValue(value: string): string {
  const optionLevel = value.replace(/[\\':]/g, (c) => `\\${c}`);
  return optionLevel.replace(/[\\'[\],;]/g, (c) => `\\${c}`);
}

/** The video analysis chain after the input label: scene scores to `scenesFile`, black and frozen to stderr. */
export function signalVideoChain(scenesFile: string): string {
  return (
    `scale=${SIGNAL_WIDTH}:-2,select='gte(scene,0)',` +
    `metadata=mode=print:key=lavfi.scene_score:file=${escapeFilterValue(scenesFile)},` +
    `blackdetect=d=${BLACK_MIN_SECONDS}:pix_th=0.10,` +
    `freezedetect=n=0.003:d=${FREEZE_MIN_SECONDS}`
  );
}

/** The audio analysis chain: EBU R128 loudness every 100 ms to `loudnessFile`, silences to stderr. */
export function signalAudioChain(loudnessFile: string): string {
  return (
    `ebur128=metadata=1:framelog=verbose,` +
    `ametadata=mode=print:file=${escapeFilterValue(loudnessFile)},` +
    `silencedetect=noise=${SILENCE_NOISE}:d=${SILENCE_MIN_SECONDS}`
  );
}

/**
 * One pass, decoded once: the video is scaled down, every frame's scene score
 * is written to `scenesFile` (cuts and the motion curve from the same numbers),
 * black and frozen stretches go to stderr; when there is audio, EBU R128
 * loudness every 100 ms goes to `loudnessFile` and silences to stderr.
 * Per-frame ebur128 logging is moved to the verbose level so stderr stays small.
 */
export function signalPassArgs(input: { inputPath: string; hasAudio: boolean; scenesFile: string; loudnessFile: string }): string[] {
  const video = `[0:v]${signalVideoChain(input.scenesFile)}[vout]`;
  const audio = `[0:a]${signalAudioChain(input.loudnessFile)}[aout]`;
  const graph = input.hasAudio ? `${video};${audio}` : video;
  return [
    '-i', input.inputPath,
    '-filter_complex', graph,
    '-map', '[vout]',
    ...(input.hasAudio ? ['-map', '[aout]'] : []),
    '-f', 'null', '-',
  ];
}
