/**
 * Connection arguments checked up front: a client's mistake (a cursor this API did not
 * give out, `first: 0`, paging backwards) is a GraphQL error with code BAD_USER_INPUT
 * and a message saying what to send, never a masked "Unexpected error.".
 */
import { GraphQLError } from 'graphql';

/** A client's bad argument, with the argument's name in `extensions.argument`. */
export function badArgument(argument: string, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', argument } });
}

/** The page size asked for (default when absent), or an error unless 1 ≤ n ≤ max. */
export function pageSize(argument: string, value: number | null | undefined, fallback: number, max: number): number {
  if (value == null) return fallback;
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw badArgument(argument, `\`${argument}\` must be between 1 and ${max}, got ${value}`);
  }
  return value;
}

/** Refuses `last` and `before` on a list that pages forward only. */
export function forwardOnly(args: { last?: number | null; before?: string | null }): void {
  if (args.last != null) throw badArgument('last', 'this list pages forward only: use `first` and `after` (drop `last`)');
  if (args.before != null) throw badArgument('before', 'this list pages forward only: use `first` and `after` (drop `before`)');
}

/** Encodes a (createdAt, id) keyset position as an opaque cursor. */
export function encodeCursor(createdAt: Date, id: string): string {
  return Buffer.from(`${createdAt.getTime()}:${id}`).toString('base64url');
}

/** Decodes a cursor made by encodeCursor, or throws a BAD_USER_INPUT error naming `after`. */
export function decodeCursor(cursor: string): { createdAt: number; id: string } {
  const text = Buffer.from(cursor, 'base64url').toString();
  const sep = text.indexOf(':');
  const createdAt = Number(text.slice(0, sep));
  const id = text.slice(sep + 1);
  if (sep < 1 || !id || !Number.isSafeInteger(createdAt) || encodeCursor(new Date(createdAt), id) !== cursor) {
    throw badArgument('after', '`after` is not a cursor this API gave out: pass a `cursor` or `pageInfo.endCursor` from an earlier page, or leave it out for the first page');
  }
  return { createdAt, id };
}
