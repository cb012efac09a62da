/**
 * An output directory travels as one file: a JSON header line listing the
 * files (name, size), then their bytes back to back. Names are plain file
 * names; unpacking refuses anything else, so a pack cannot write outside its folder.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';

const NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/** Packs every regular file directly in `dir` into `packFile`; returns its size. */
export async function packDir(dir: string, packFile: string): Promise<number> {
  const names = (await fs.readdir(dir, { withFileTypes: true })).filter((e) => e.isFile() && NAME.test(e.name)).map((e) => e.name).sort();
  const entries = await Promise.all(names.map(async (name) => ({ name, size: (await fs.stat(path.join(dir, name))).size })));
  const out = createWriteStream(packFile);
  out.write(`${JSON.stringify(entries)}\n`);
  for (const e of entries) await pipeline(createReadStream(path.join(dir, e.name)), out, { end: false });
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  return (await fs.stat(packFile)).size;
}

/** Unpacks `packFile` into `dir` (created when missing); returns the file names. */
export async function unpackDir(packFile: string, dir: string): Promise<string[]> {
  const data = await fs.readFile(packFile);
  const nl = data.indexOf(10);
  if (nl < 0) throw new Error('pack has no header');
  const entries = JSON.parse(data.subarray(0, nl).toString('utf8')) as Array<{ name: string; size: number }>;
  if (!Array.isArray(entries)) throw new Error('pack header is not a list');
  await fs.mkdir(dir, { recursive: true });
  let offset = nl + 1;
  for (const e of entries) {
    if (typeof e?.name !== 'string' || !NAME.test(e.name) || !Number.isSafeInteger(e.size) || e.size < 0) throw new Error('pack names a bad entry');
    if (offset + e.size > data.length) throw new Error('pack is shorter than its header says');
    await fs.writeFile(path.join(dir, e.name), data.subarray(offset, offset + e.size));
    offset += e.size;
  }
  return entries.map((e) => e.name);
}
