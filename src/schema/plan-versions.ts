/** Batch.clipPlanVersions: the kept plan versions, oldest first, paged by version number. */
import { builder } from './builder.js';
import { pageSize } from './page-args.js';
import { BatchRef, ClipPlanRef } from './refs.js';

builder.objectFields(BatchRef, (t) => ({
  clipPlanVersions: t.field({
    type: [ClipPlanRef],
    description: 'The kept plan versions, oldest first (PLAN_VERSIONS_KEPT per batch; older drafts are pruned, approved versions kept). Page with `first` and `afterVersion`.',
    args: {
      first: t.arg.int({ required: false, description: 'At most this many versions, 1 to 100; default all kept versions.' }),
      afterVersion: t.arg.int({ required: false, description: 'Only versions with a higher number than this one (the last `version` of the previous page).' }),
    },
    resolve: (b, args, ctx) => {
      const limit = args.first == null ? undefined : pageSize('first', args.first, 100, 100);
      return ctx.plans.versions(b.id, { afterVersion: args.afterVersion ?? undefined, limit });
    },
  }),
  clipPlanVersionCount: t.int({
    description: 'How many plan versions the batch keeps (the length of clipPlanVersions without arguments).',
    resolve: (b, _a, ctx) => ctx.plans.versionCount(b.id),
  }),
}));
