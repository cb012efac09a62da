/** Global ID helpers: opaque IDs out, checked IDs in. */
import { decodeGlobalID } from '@pothos/plugin-relay';

/** The raw database id inside a global ID of the given type, or null when the ID is malformed or of another type. */
export function rawId(globalId: string, typename: string): string | null {
  try {
    const { typename: t, id } = decodeGlobalID(globalId);
    return t === typename ? id : null;
  } catch {
    return null;
  }
}
