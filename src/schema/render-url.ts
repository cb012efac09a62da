/** A render's download URL signed at read time (see storage/live-url.ts). */
import type { RenderRow } from '../db/plan-store.js';
import { FINAL_URL_EXPIRY_SECONDS } from '../storage/final-url.js';
import { liveUrl } from '../storage/live-url.js';
import type { Context } from './context.js';

/** The render's URL and its expiry, null until it is uploaded. */
export async function liveRenderUrl(render: RenderRow, ctx: Context): Promise<{ url: string | null; expiresAt: Date | null }> {
  if (!render.storageKey || !render.urlExpiresAt) return { url: render.url, expiresAt: render.urlExpiresAt };
  return (await liveUrl(ctx.storage, render.storageKey, render.urlExpiresAt, FINAL_URL_EXPIRY_SECONDS))!;
}
