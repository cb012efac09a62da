/** Keeps API keys out of anything we log, throw or return. */

/** Replaces every occurrence of each secret (and its `Bearer` form) in a text with "***". */
export function scrubSecret(text: string, secrets: readonly (string | null | undefined)[]): string {
  let out = text;
  for (const s of secrets) {
    // Very short "secrets" would blank out ordinary words; real keys are long.
    if (!s || s.length < 6) continue;
    out = out.split(s).join('***');
  }
  return out;
}
