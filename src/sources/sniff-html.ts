/** Recognises an HTML page saved under a video name (a share link instead of a file link, a login page). */
import { open } from 'node:fs/promises';

/** True when the file's first bytes look like HTML. */
export async function looksLikeHtml(file: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(file, 'r');
    const buf = Buffer.alloc(512);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    const head = buf.subarray(0, bytesRead).toString('utf8').replace(/^\uFEFF/, '').trimStart().toLowerCase();
    return head.startsWith('<!doctype html') || head.startsWith('<html') || head.startsWith('<head');
  } catch {
    return false;
  } finally {
    await handle?.close();
  }
}
