/** ClipPlan.timeline: any plan version as an editing timeline (OTIO, FCPXML, EDL) behind a signed download link. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { exportTimeline, TIMELINE_FILES, TIMELINE_FORMATS } from '../timeline/export-plan.js';
import { builder } from './builder.js';
import { ClipPlanRef } from './refs.js';

/** How long a timeline link lives. */
const TIMELINE_URL_SECONDS = 3600;

const TimelineFormatEnum = builder.enumType('TimelineFormat', {
  description: 'An editing-timeline format that references the original files with frame-exact in and out points.',
  values: {
    OTIO: { value: 'OTIO', description: 'OpenTimelineIO JSON (.otio): DaVinci Resolve, Premiere (via adapters), Kdenlive, otioview.' },
    FCPXML: { value: 'FCPXML', description: 'Final Cut Pro XML 1.9 (.fcpxml): Final Cut Pro, DaVinci Resolve.' },
    EDL: { value: 'EDL', description: 'CMX3600 edit decision list (.edl): Premiere, Resolve, Avid; drop-frame timecode for 29.97/59.94.' },
  } as const,
});

const TimelineExportRef = builder.objectRef<{ url: string; expiresAt: Date; fileName: string }>('TimelineExport').implement({
  description: 'A timeline file of a plan version, ready to download.',
  fields: (t) => ({
    url: t.exposeString('url', { description: 'Signed download link.' }),
    expiresAt: t.field({ type: 'DateTime', resolve: (e) => e.expiresAt, description: 'When the link stops working; ask again for a fresh one.' }),
    fileName: t.exposeString('fileName', { description: 'A file name for it, e.g. plan_v2.fcpxml.' }),
  }),
});

builder.objectFields(ClipPlanRef, (t) => ({
  timeline: t.field({
    type: TimelineExportRef,
    description: 'This version as an editing timeline referencing the original files, to finish the cut in an editor.',
    args: { format: t.arg({ type: TimelineFormatEnum, description: 'OTIO, FCPXML or EDL.' }) },
    resolve: async (plan, args, ctx) => {
      const format = TIMELINE_FORMATS.find((f) => f === args.format)!;
      const text = exportTimeline(format, { theme: plan.theme, clips: ctx.plans.clips(plan.id) }, ctx.batches.videos(plan.batchId));
      const fileName = `plan_v${plan.version}.${TIMELINE_FILES[format].ext}`;
      const dir = await mkdtemp(path.join(os.tmpdir(), 'autoclip-timeline-'));
      try {
        await writeFile(path.join(dir, fileName), text);
        const key = `timelines/${plan.batchId}/${fileName}`;
        await ctx.storage.putFile(key, path.join(dir, fileName), { contentType: TIMELINE_FILES[format].contentType });
        return { url: await ctx.storage.signedUrl(key, TIMELINE_URL_SECONDS), expiresAt: new Date(Date.now() + TIMELINE_URL_SECONDS * 1000), fileName };
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  }),
}));
