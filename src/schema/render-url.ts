/** A render's download URL that is still good: the stored one, or a fresh signature when it is about to expire. */
import type { RenderRow } from '../db/plan-store.js';
import { FINAL_URL_EXPIRY_SECONDS } from '../pipeline/stages/final-upload.js';
import type { Context } from './context.js';

/** Minimum validity left before the API signs a new URL. */
const MIN_VALIDITY_MS = 3600_000;

/** The URL and its expiry, re-signed from the storage key when less than an hour is left. */
export async function liveRenderUrl(render: RenderRow, ctx: Context): Promise<{ url: string | null; expiresAt: Date | null }> {
  const expiresAt = render.urlExpiresAt;
  if (!render.storageKey || !render.url || !expiresAt || expiresAt.getTime() - Date.now() > MIN_VALIDITY_MS) {
    return { url: render.url, expiresAt };
  }
  const url = await ctx.storage.signedUrl(render.storageKey, FINAL_URL_EXPIRY_SECONDS);
  return { url, expiresAt: new Date(Date.now() + FINAL_URL_EXPIRY_SECONDS * 1000) };
}
