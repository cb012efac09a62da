/** Clip.thumbnailStrip: frames across a clip's range in one image, drawn on demand, behind a signed link. */
import { InputError, InvalidStateError } from '../domain/action-errors.js';
import { STRIP_LIMITS } from '../media/strip-args.js';
import { StripError, type ThumbnailStrip } from '../media/thumbnail-strips.js';
import { localRoots } from '../sources/uploads-dir.js';
import { builder } from './builder.js';
import { ClipRef } from './refs.js';

const { frames, height } = STRIP_LIMITS;

const ThumbnailStripRef = builder.objectRef<ThumbnailStrip>('ThumbnailStrip').implement({
  description: 'Frames evenly spread across a clip, side by side in one JPEG: frame k is the rectangle at x = k × frameWidth.',
  fields: (t) => ({
    url: t.exposeString('url', { description: 'Signed link to the JPEG.' }),
    expiresAt: t.field({ type: 'DateTime', resolve: (s) => s.expiresAt, description: 'When the link stops working; ask again for a fresh one.' }),
    frames: t.exposeInt('frames', { description: 'How many frames the image holds.' }),
    frameWidth: t.exposeInt('frameWidth', { description: 'Width of one frame in pixels.' }),
    frameHeight: t.exposeInt('frameHeight', { description: 'Height of the image and of each frame in pixels.' }),
    width: t.exposeInt('width', { description: 'Width of the whole image: frames × frameWidth.' }),
    height: t.exposeInt('height', { description: 'Height of the whole image.' }),
    times: t.exposeFloatList('times', { description: 'The time in the source video (seconds) each frame shows, left to right.' }),
  }),
});

builder.objectFields(ClipRef, (t) => ({
  thumbnailStrip: t.field({
    type: ThumbnailStripRef,
    description:
      'Frames across this clip in one image, drawn the first time it is asked for (one ffmpeg run, from the compressed copy or the original) and kept with the batch.',
    args: {
      frames: t.arg.int({ required: false, description: `How many frames, ${frames.min} to ${frames.max} (default ${frames.default}).` }),
      height: t.arg.int({ required: false, description: `Frame height in pixels, ${height.min} to ${height.max} (default ${height.default}); widths follow the video's aspect ratio.` }),
    },
    errors: {
      types: [InputError, InvalidStateError],
      union: { name: 'ThumbnailStripResult', description: 'The strip, or why it cannot be drawn: a bad argument, or the source files are gone.' },
    },
    resolve: async (clip, args, ctx) => {
      const plan = ctx.plans.byId(clip.planId)!;
      const batch = ctx.batches.get(plan.batchId)!;
      const video = ctx.batches.videos(plan.batchId).find((v) => v.index === clip.videoIndex)!;
      try {
        return await ctx.thumbnails.clipStrip({
          batchId: batch.id,
          clipId: clip.id,
          start: clip.start,
          end: clip.end,
          frames: args.frames,
          height: args.height,
          video,
          roots: localRoots(ctx.config),
        });
      } catch (err) {
        // A user's file that changed since it was probed is refused like a missing one.
        if ((err as Error)?.name === 'UnrecoverableError') throw new InvalidStateError((err as Error).message, batch.status);
        if (!(err instanceof StripError)) throw err;
        if (err.field) throw new InputError(err.message, err.field);
        throw new InvalidStateError(err.message, batch.status);
      }
    },
  }),
}));
