/** Typed readers of environment variables; each error names the variable. */

/** The environment as read. */
export type Env = Record<string, string | undefined>;

/** A configuration problem, naming the variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
  }
}

/** A string, or the fallback when unset or blank. */
export function str(env: Env, name: string, fallback: string): string {
  const v = env[name]?.trim();
  return v ? v : fallback;
}

/** A string, or null when unset or blank. */
export function optional(env: Env, name: string): string | null {
  const v = env[name]?.trim();
  return v ? v : null;
}

/** A whole number within [min, max], or the fallback when unset. */
export function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  if (!/^-?\d+$/.test(raw)) throw new ConfigError(name, `must be a whole number, got "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${n}`);
  return n;
}

/** true/false (also 1/0, yes/no, on/off), or the fallback when unset. */
export function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (!raw) return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(name, `must be true or false, got "${env[name]}"`);
}

/** One of the allowed values (case-insensitive), or the fallback when unset. */
export function oneOf<T extends string>(env: Env, name: string, values: readonly T[], fallback: T): T {
  const raw = env[name]?.trim().toLowerCase();
  if (!raw) return fallback;
  if (!(values as readonly string[]).includes(raw)) {
    throw new ConfigError(name, `must be one of ${values.join(', ')}, got "${env[name]}"`);
  }
  return raw as T;
}

/** A comma-separated list, blanks dropped. */
export function list(env: Env, name: string): string[] {
  return (env[name] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** An http(s) URL without trailing slashes, or the fallback when unset. */
export function url(env: Env, name: string, fallback: string): string {
  const v = str(env, name, fallback);
  try {
    const u = new URL(v);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('scheme');
  } catch {
    throw new ConfigError(name, `must be an http(s) URL, got "${v}"`);
  }
  return v.replace(/\/+$/, '');
}

