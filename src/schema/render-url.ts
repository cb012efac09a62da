/** A render's download URL signed at read time (see storage/live-url.ts). */
import type { RenderRow } from '../db/plan-store.js';
import { liveFinalUrl } from '../storage/final-url.js';
import type { Context } from './context.js';

/** The render's URL and its expiry, null until it is uploaded. */
export async function liveRenderUrl(render: RenderRow, ctx: Context): Promise<{ url: string | null; expiresAt: Date | null }> {
  if (!render.storageKey || !render.urlExpiresAt) return { url: render.url, expiresAt: render.urlExpiresAt };
  return liveFinalUrl(ctx.storage, render.storageKey, render.urlExpiresAt, ctx.config.storage.finalUrlExpirySeconds);
}
