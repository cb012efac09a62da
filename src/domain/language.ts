/** The languages autoclip writes text for people in (GraphQL enum `Language`, the batches.language column). */
export const LANGUAGES = ['ZH', 'EN'] as const;
/** A language code. */
export type Language = (typeof LANGUAGES)[number];
