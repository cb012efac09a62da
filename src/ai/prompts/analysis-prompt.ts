/** The messages that ask a VL model for the analysis JSON (ai/analysis-schema.ts). */
import type { TranscriptSegment } from '../../domain/types.js';
import type { ChatMessage, ChatPart } from '../chat-json.js';
import { transcriptText } from './transcript-text.js';
import type { Language } from '../../i18n/language.js';
import { languageLine } from './language-line.js';

/** How much transcript text goes into an analysis prompt. */
export const ANALYSIS_TRANSCRIPT_CHARS = 8000;

const SHAPE = `{"description": "...", "highlights": [{"start": 12.5, "end": 18.0, "label": "goal", "score": 0.9}], "tags": ["football"], "scenes": [{"start": 0, "end": 40.2, "description": "..."}]}`;

/** The system prompt: the role, the JSON shape, the rules for times and the language to write in. */
export function analysisSystemPrompt(language?: Language): string {
  return [
    'You are a video editor who watches raw footage and finds the moments worth keeping for a highlight video.',
    'Answer with ONE JSON object and nothing else (no prose, no markdown), of exactly this shape:',
    SHAPE,
    'Rules:',
    '- All times are seconds from the start of the video, as numbers (not "mm:ss" strings).',
    '- Every start and end lies between 0 and the video duration given below, and start < end.',
    '- "description": two or three sentences about what happens in the whole video.',
    '- "highlights": the most watchable moments, each 3 to 15 seconds long, with a short label and a score from 0 (dull) to 1 (must keep); best first.',
    '- "scenes": consecutive scenes covering the video in order, each with a one-sentence description.',
    '- "tags": 3 to 8 short lowercase keywords.',
    languageLine(language, 'the description, every label, every scene description and the tags'),
  ].join('\n');
}

/** How the video travels: a URL the model fetches, or sampled frames. */
export type VideoInput =
  | { kind: 'url'; url: string; request?: { fps: number; maxPixels: number } }
  | { kind: 'frames'; dataUrls: string[]; fps: number; maxPixels?: number };

/** The user message: duration, how the video is given, the transcript, then the video part. */
export function analysisUserMessage(input: { durationSeconds: number; video: VideoInput; transcript: readonly TranscriptSegment[] | null }): ChatMessage {
  const d = input.durationSeconds.toFixed(1);
  const lines = [`The video lasts ${d} seconds. Every timestamp in your answer must be between 0 and ${d}.`];
  if (input.video.kind === 'frames') {
    lines.push(
      `The video is given as ${input.video.dataUrls.length} frames sampled at ${input.video.fps} per second: frame k (from 0) shows the moment k / ${input.video.fps} seconds.`,
    );
  }
  if (input.transcript && input.transcript.length > 0) {
    lines.push('You cannot hear the audio; this is its transcript, with times in seconds:', transcriptText(input.transcript, ANALYSIS_TRANSCRIPT_CHARS));
  }
  lines.push('Reply with the JSON object only.');
  const videoPart: ChatPart =
    input.video.kind === 'url'
      ? {
          type: 'video_url',
          video_url: { url: input.video.url },
          // The request's sampling: fewer and smaller frames are what saves tokens.
          ...(input.video.request ? { fps: input.video.request.fps, max_pixels: input.video.request.maxPixels } : {}),
        }
      : { type: 'video', video: input.video.dataUrls, fps: input.video.fps, ...(input.video.maxPixels ? { max_pixels: input.video.maxPixels } : {}) };
  return { role: 'user', content: [videoPart, { type: 'text', text: lines.join('\n') }] };
}

/** The repair request: what was wrong, and the demand for corrected JSON only. */
export function analysisRepairPrompt(problems: string[], durationSeconds: number): string {
  return [
    'Your answer could not be used:',
    ...problems.slice(0, 20).map((p) => `- ${p}`),
    `Answer again with ONLY the corrected JSON object of the same shape. All times are numbers of seconds between 0 and ${durationSeconds.toFixed(1)}, with start < end.`,
  ].join('\n');
}

/** Both messages of an analysis request. */
export function analysisMessages(input: Parameters<typeof analysisUserMessage>[0] & { language?: Language }): ChatMessage[] {
  return [{ role: 'system', content: analysisSystemPrompt(input.language) }, analysisUserMessage(input)];
}
