/** The `mediaFiles` query: the files under the media roots a LOCAL source may name, for pickers. */
import { listMediaFiles, type MediaFileEntry } from '../sources/list-media.js';
import { builder } from './builder.js';
import { badArgument, forwardOnly, pageSize } from './page-args.js';

/** The longest `search` text taken (a path fragment; longer is a client's mistake). */
const MAX_SEARCH_CHARS = 256;

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
      args: { search: t.arg.string({ required: false, description: 'Only paths containing this text (case-insensitive, at most 256 characters).' }) },
      resolve: async (_r, args, ctx) => {
        forwardOnly(args);
        const first = pageSize('first', args.first, 20, 100);
        if ((args.search?.length ?? 0) > MAX_SEARCH_CHARS) throw badArgument('search', `\`search\` is at most ${MAX_SEARCH_CHARS} characters (a part of a path), got ${args.search!.length}`);
        if ((args.after?.length ?? 0) > 8192) throw badArgument('after', '`after` is not a cursor this API gave out: pass `pageInfo.endCursor` from an earlier page');
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
