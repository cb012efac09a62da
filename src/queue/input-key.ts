/**
 * The content key of a job input, for the workers' input cache: a hash of
 * the file's path, size, modification time, inode and its first and last
 * 64 KiB. Equal keys mean the same bytes; a file rewritten in place gets a new
 * key. Hex only, and nothing of the server's path can be read back from it.
 */
import { createHash } from 'node:crypto';
import type { Stats } from 'node:fs';
import { open, stat } from 'node:fs/promises';

const EDGE = 64 * 1024;
// A source is an input of its probe, its compression and every clip: its edges are read once.
const known = new Map<string, string>();
const KNOWN_MAX = 512;

/** The key of `file` (pass the stat the caller just took, else it is taken here). */
export async function inputKey(file: string, given?: Pick<Stats, 'size' | 'mtimeMs' | 'dev' | 'ino'>): Promise<string> {
  const st = given ?? (await stat(file));
  const identity = `${file}\0${st.size}\0${Math.floor(st.mtimeMs)}\0${st.dev}\0${st.ino}\0`;
  const seen = known.get(identity);
  if (seen) return seen;
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(Math.min(EDGE, st.size));
    await handle.read(head, 0, head.length, 0);
    const tail = Buffer.alloc(Math.min(EDGE, st.size));
    await handle.read(tail, 0, tail.length, Math.max(0, st.size - tail.length));
    const key = createHash('sha256').update(identity).update(head).update(tail).digest('hex').slice(0, 40);
    known.set(identity, key);
    if (known.size > KNOWN_MAX) known.delete(known.keys().next().value!);
    return key;
  } finally {
    await handle.close();
  }
}
