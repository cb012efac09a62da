/** Bearer-token checks shared by HTTP and WebSocket. */
import crypto from 'node:crypto';

/** True when the header or parameter carries one of the tokens ("Bearer x" or just "x"). */
export function tokenAllowed(value: unknown, tokens: readonly string[]): boolean {
  if (typeof value !== 'string') return false;
  const presented = value.replace(/^Bearer\s+/i, '').trim();
  if (!presented) return false;
  const a = Buffer.from(presented);
  // Compare against every token in constant time so timing does not reveal which one matched.
  let ok = false;
  for (const t of tokens) {
    const b = Buffer.from(t);
    if (a.length === b.length && crypto.timingSafeEqual(a, b)) ok = true;
  }
  return ok;
}
