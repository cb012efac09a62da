/** The languages autoclip writes text for people in, and how a default is picked. */

import type { Language } from '../domain/language.js';

export { LANGUAGES, type Language } from '../domain/language.js';

/** The default when nothing tells otherwise: the model, storage and most users are Chinese. */
export const DEFAULT_LANGUAGE: Language = 'ZH';

/** Han ideographs (CJK Unified Ideographs and Extension A). */
const HAN = /[\u3400-\u4dbf\u4e00-\u9fff]/gu;
/** Latin letters. */
const LATIN = /[A-Za-z]/g;

/**
 * The language a text is written in, or null when it has no letters to tell:
 * Chinese when Han characters make up at least a fifth of its letters (a
 * Chinese sentence often carries Latin brand names), else English.
 */
export function detectLanguage(text: string | null | undefined): Language | null {
  if (!text) return null;
  const han = text.match(HAN)?.length ?? 0;
  const latin = text.match(LATIN)?.length ?? 0;
  if (han === 0 && latin === 0) return null;
  return han * 5 >= han + latin ? 'ZH' : 'EN';
}

/** The batch language: the one asked for, else the custom prompt's, else ZH. */
export function resolveLanguage(asked: Language | null | undefined, customPrompt: string | null | undefined): Language {
  return asked ?? detectLanguage(customPrompt) ?? DEFAULT_LANGUAGE;
}
