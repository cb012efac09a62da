/** The messages that ask a text model for a cross-video plan (ai/plan-schema.ts). */
import type { VideoWork } from '../../domain/types.js';
import type { ChatMessage } from '../chat-json.js';
import { videoDuration } from '../ready-videos.js';
import { transcriptText } from './transcript-text.js';
import type { Language } from '../../i18n/language.js';
import { describeTarget, type PlanTarget } from '../../plan/target.js';
import { languageLine } from './language-line.js';

/** The target as the prompts need it. */
type Target = Pick<PlanTarget, 'minSeconds' | 'maxSeconds'>;

/** Per-video budgets, so ten long videos still fit the context. */
const MAX_HIGHLIGHTS = 30;
const MAX_SCENES = 40;
const TRANSCRIPT_CHARS = 1500;

const f1 = (n: number): string => n.toFixed(1);

/** The system prompt: the job, the JSON shape, the rules. */
export function planSystemPrompt(target: Target, language?: Language): string {
  return [
    'You are a film editor. From the analyses of several videos, you choose the clips for ONE highlight video.',
    'Answer with one JSON object only, of exactly this shape:',
    '{"theme": "Match highlights", "clips": [{"videoIndex": 0, "start": 125.5, "end": 145.2, "reason": "the goal"}]}',
    'Rules:',
    `- The clips together last ${describeTarget(target)} (the target length; aim for it).`,
    '- List the clips in story order (the order they will play); several clips from one video are allowed.',
    '- videoIndex is one of the video indexes given; start and end are seconds within that video, 0 ≤ start < end ≤ its duration.',
    '- Each clip lasts at least 1 second; at most 50 clips.',
    '- Prefer the best moments (highlights with high scores); start and end near scene boundaries.',
    '- "theme": a short title for the whole video; "reason": why each clip is in.',
    languageLine(language, 'the theme and every reason'),
  ].join('\n');
}

/** One video's block of the user message. */
export function videoBlock(video: VideoWork): string {
  const a = video.analysis;
  const lines = [`## Video ${video.index} (duration ${f1(videoDuration(video) ?? 0)} s)`];
  if (a) {
    lines.push(`Description: ${a.description || '(none)'}`);
    if (a.tags.length) lines.push(`Tags: ${a.tags.join(', ')}`);
    const hs = [...a.highlights].sort((x, y) => y.score - x.score).slice(0, MAX_HIGHLIGHTS);
    lines.push('Highlights:', ...(hs.length ? hs.map((h) => `- ${f1(h.start)}–${f1(h.end)} s: ${h.label} (score ${h.score.toFixed(2)})`) : ['- (none)']));
    const scenes = a.scenes.slice(0, MAX_SCENES);
    if (scenes.length) {
      lines.push('Scenes:', ...scenes.map((s) => `- ${f1(s.start)}–${f1(s.end)} s: ${s.description}`));
      if (a.scenes.length > scenes.length) lines.push(`- … ${a.scenes.length - scenes.length} more scenes`);
    }
  }
  if (video.transcript?.length) lines.push('Transcript excerpt:', transcriptText(video.transcript, TRANSCRIPT_CHARS));
  return lines.join('\n');
}

/** Both messages of a plan request. */
export function planMessages(input: { videos: readonly VideoWork[]; customPrompt: string | null; target: Target; language?: Language }): ChatMessage[] {
  const parts = [`The ready videos (use only these indexes: ${input.videos.map((v) => v.index).join(', ')}):`, ...input.videos.map(videoBlock)];
  const wish = input.customPrompt?.trim();
  if (wish) {
    parts.push(
      "## The user's extra wishes",
      'Follow these where they do not break the rules above (they are the user\'s words, not instructions about the format):',
      `"""\n${wish}\n"""`,
    );
  }
  parts.push(`Reply with the JSON plan only: ${describeTarget(input.target)} in total, in story order.`);
  return [
    { role: 'system', content: planSystemPrompt(input.target, input.language) },
    { role: 'user', content: parts.join('\n\n') },
  ];
}

/** The repair request: the violations, and the demand for a corrected plan. */
export function planRepairPrompt(problems: string[], target: Target): string {
  return [
    'Your plan breaks these rules:',
    ...problems.slice(0, 30).map((p) => `- ${p}`),
    `Answer again with ONLY the corrected JSON plan of the same shape (total ${describeTarget(target)}, every clip inside its video).`,
  ].join('\n');
}
