/** The Render node: one render of an approved plan version. */
import { builder } from './builder.js';
import { RenderStatusEnum } from './enums.js';
import { RenderRef } from './refs.js';
import { liveRenderUrl } from './render-url.js';

builder.node(RenderRef, {
  description: 'One render of an approved plan version. Each approval after completion adds one.',
  id: { resolve: (r) => r.id },
  loadOne: (id, ctx) => ctx.plans.render(id) ?? null,
  isTypeOf: (v) => typeof v === 'object' && v !== null && 'planVersion' in v && 'storageKey' in v,
  fields: (t) => ({
    planVersion: t.exposeInt('planVersion', { description: 'The plan version rendered.' }),
    status: t.field({ type: RenderStatusEnum, resolve: (r) => r.status, description: 'Its state.' }),
    url: t.string({
      nullable: true,
      resolve: async (r, _a, ctx) => (await liveRenderUrl(r, ctx)).url,
      description: 'Where to download the video (signed afresh when the stored URL is about to expire); null until uploaded.',
    }),
    expiresAt: t.field({
      type: 'DateTime',
      nullable: true,
      resolve: async (r, _a, ctx) => (await liveRenderUrl(r, ctx)).expiresAt,
      description: 'When this URL stops working.',
    }),
    durationSeconds: t.exposeFloat('durationSeconds', { nullable: true, description: 'Length as probed.' }),
    sizeBytes: t.float({ nullable: true, resolve: (r) => r.sizeBytes, description: 'File size in bytes.' }),
    width: t.exposeInt('width', { nullable: true, description: 'Frame width.' }),
    height: t.exposeInt('height', { nullable: true, description: 'Frame height.' }),
    error: t.exposeString('error', { nullable: true, description: 'Why it failed; null otherwise.' }),
    createdAt: t.field({ type: 'DateTime', resolve: (r) => r.createdAt, description: 'When it was requested.' }),
    completedAt: t.field({ type: 'DateTime', nullable: true, resolve: (r) => r.completedAt, description: 'When it completed.' }),
  }),
});
