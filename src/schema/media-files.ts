/** The `mediaFiles` query: the files under the media roots a LOCAL source may name, for pickers. */
import { InputError } from '../domain/action-errors.js';
import { listMediaFiles, type MediaFileEntry } from '../sources/list-media.js';
import { builder } from './builder.js';

const MediaFileRef = builder.objectRef<MediaFileEntry>('MediaFile').implement({
  description: 'A video file under the media roots.',
  fields: (t) => ({
    path: t.exposeString('path', { description: 'Relative to its media root: pass it as a LOCAL source’s `path`.' }),
    size: t.float({ resolve: (f) => f.size, description: 'Size in bytes.' }),
    modifiedAt: t.field({ type: 'DateTime', resolve: (f) => f.modifiedAt, description: 'When the file last changed.' }),
  }),
});

const encode = (p: string) => Buffer.from(p).toString('base64url');

builder.queryFields((t) => ({
  mediaFiles: t.connection(
    {
      type: MediaFileRef,
      description: 'Video files under the media roots (MEDIA_ROOTS), sorted by path; symlinks leading outside a root are left out.',
      args: { search: t.arg.string({ required: false, description: 'Only paths containing this text (case-insensitive).' }) },
      resolve: async (_r, args, ctx) => {
        if (args.last != null || args.before != null) throw new InputError('mediaFiles pages forward only: use `first` and `after`', 'last');
        const first = Math.min(Math.max(args.first ?? 20, 1), 100);
        const needle = args.search?.toLowerCase() ?? '';
        const all = (await listMediaFiles(ctx.config.mediaRoots)).filter((f) => !needle || f.path.toLowerCase().includes(needle));
        const after = args.after ? Buffer.from(args.after, 'base64url').toString() : null;
        const start = after === null ? 0 : all.findIndex((f) => f.path > after);
        const rest = start < 0 ? [] : all.slice(start);
        const page = rest.slice(0, first);
        return {
          totalCount: all.length,
          edges: page.map((node) => ({ cursor: encode(node.path), node })),
          pageInfo: {
            hasNextPage: rest.length > first,
            hasPreviousPage: start > 0,
            startCursor: page[0] ? encode(page[0].path) : null,
            endCursor: page.at(-1) ? encode(page.at(-1)!.path) : null,
          },
        };
      },
    },
    {
      name: 'MediaFileConnection',
      description: 'A page of media files.',
      fields: (c) => ({
        totalCount: c.int({ resolve: (conn) => (conn as { totalCount?: number }).totalCount ?? 0, description: 'How many files match, on all pages.' }),
      }),
    },
    { name: 'MediaFileEdge', description: 'One media file in a page.' },
  ),
}));
