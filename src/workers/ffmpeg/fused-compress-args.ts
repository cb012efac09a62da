/**
 * One decode for two jobs: the compressed copy and the offline analyzer's
 * signal log from the same ffmpeg. The frames the analysis sees are split off
 * after the compression's own fps/scale filters, i.e. the very frames the
 * copy is encoded from, so scene times and loudness match a separate pass
 * over the copy.
 */
import path from 'node:path';
import { signalAudioChain, signalVideoChain } from '../../ai/signals/signal-pass-args.js';
import { compressEncodeArgs, compressFilter, compressOutputArgs, lengthLimitArgs, type CompressArgsInput } from './compress-args.js';

/** The compression's input plus where the signal pass writes its per-frame metadata. */
export interface FusedCompressArgsInput extends CompressArgsInput {
  scenesFile: string;
  loudnessFile: string;
}

/** The argv of the fused pass: output 1 is the compressed MP4, output 2 a null sink behind the detectors. */
export function buildCompressWithSignalsArgs(input: FusedCompressArgsInput): string[] {
  const { profile, probe } = input;
  for (const p of [input.input, input.output, input.scenesFile, input.loudnessFile]) {
    if (!path.isAbsolute(p)) throw new Error(`buildCompressWithSignalsArgs needs absolute paths, got "${p}"`);
  }
  const graph = [`[0:v]${compressFilter(input) ?? 'null'},split=2[cv][sv]`, `[sv]${signalVideoChain(input.scenesFile)}[vout]`];
  if (probe.hasAudio) graph.push('[0:a]asplit=2[ca][sa]', `[sa]${signalAudioChain(input.loudnessFile)}[aout]`);
  return [
    '-protocol_whitelist', 'file',
    '-i', input.input,
    '-filter_complex', graph.join(';'),
    '-map', '[cv]',
    ...(probe.hasAudio ? ['-map', '[ca]'] : []),
    ...compressEncodeArgs(profile, probe.hasAudio),
    ...compressOutputArgs(input.output, probe.durationSeconds),
    '-map', '[vout]',
    ...(probe.hasAudio ? ['-map', '[aout]'] : []),
    // The signal output stops where the copy does.
    ...lengthLimitArgs(probe.durationSeconds),
    '-f', 'null', '-',
  ];
}
