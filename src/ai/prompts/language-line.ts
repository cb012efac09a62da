/** The prompt line that tells a model which language to write people's text in. */
import type { Language } from '../../i18n/language.js';

/** "Write … in Simplified Chinese (简体中文)" or "… in English"; `what` names the fields. */
export function languageLine(language: Language | undefined, what: string): string {
  if (language === 'ZH') return `- Write ${what} in Simplified Chinese (简体中文). JSON keys stay in English.`;
  return `- Write ${what} in English.`;
}
