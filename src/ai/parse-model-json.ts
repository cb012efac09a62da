/** Gets the JSON object out of a model's answer, which may wrap it in prose or ``` fences. */

/** The answer held no parseable JSON object. */
export class ModelJsonError extends Error {
  override name = 'ModelJsonError';
}

/** Index just past the balanced `{...}` that starts at `from`, or -1 (string-aware). */
function endOfObject(text: string, from: number): number {
  let depth = 0;
  let inString = false;
  for (let i = from; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '{') depth++;
    else if (ch === '}') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

/**
 * Parses the first JSON object in a model's answer: a bare object, one inside
 * a ```json fence, or one after leading prose. Throws ModelJsonError saying
 * what was wrong.
 */
export function parseModelJson(text: string): unknown {
  const trimmed = text.trim();
  if (!trimmed) throw new ModelJsonError('the answer is empty');
  const fence = /```(?:json|JSON)?\s*\n?([\s\S]*?)```/.exec(trimmed);
  const candidates = fence?.[1] ? [fence[1], trimmed] : [trimmed];
  let lastError = 'the answer contains no JSON object';
  for (const candidate of candidates) {
    try {
      const whole = JSON.parse(candidate) as unknown;
      if (whole && typeof whole === 'object' && !Array.isArray(whole)) return whole;
    } catch {
      // not bare JSON; look for the first object inside
    }
    // Try each '{' in turn: prose before the object may itself contain braces.
    for (let start = candidate.indexOf('{'); start !== -1; start = candidate.indexOf('{', start + 1)) {
      const end = endOfObject(candidate, start);
      if (end === -1) {
        lastError = 'the JSON object is not closed (the answer may be truncated)';
        break;
      }
      try {
        return JSON.parse(candidate.slice(start, end)) as unknown;
      } catch (err) {
        lastError = `the JSON does not parse: ${(err as Error).message}`;
      }
    }
  }
  throw new ModelJsonError(lastError);
}
