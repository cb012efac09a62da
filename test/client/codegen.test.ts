/** The committed generated client matches schema.graphql, type-checks, and a breaking schema change fails the type check. */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { generate } from '@graphql-codegen/cli';
import { afterAll, describe, expect, it } from 'vitest';
import { codegenConfig, outputDir } from '../../examples/client/codegen.js';

const root = path.join(import.meta.dirname, '..', '..');
const exampleDir = path.join(root, 'examples', 'client');
const tsc = path.join(root, 'node_modules', '.bin', 'tsc');
const run = promisify(execFile);
const temps: string[] = [];

afterAll(() => {
  for (const dir of temps) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'autoclip-client-'));
  temps.push(dir);
  return dir;
}

/** Runs tsc on a project; resolves to its exit code and output instead of throwing. */
async function typecheck(project: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout } = await run(tsc, ['--noEmit', '-p', project], { cwd: root });
    return { code: 0, output: stdout };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? 1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

/** Replaces `from` with `to` inside the block that starts with `header` (a type or enum), once. */
function editBlock(schema: string, header: string, from: RegExp, to: string): string {
  const start = schema.indexOf(header);
  const end = schema.indexOf('\n}', start);
  expect(start, header).toBeGreaterThanOrEqual(0);
  const block = schema.slice(start, end);
  const edited = block.replace(from, to);
  expect(edited, `${header}: ${from}`).not.toBe(block);
  return schema.slice(0, start) + edited + schema.slice(end);
}

describe('generated client', () => {
  it('is up to date with schema.graphql and the documents (run `npm run client:generate`)', async () => {
    const tmp = tempDir();
    await generate({ ...codegenConfig(tmp), silent: true }, true);
    const fresh = fs.readdirSync(tmp).sort();
    expect(fs.readdirSync(outputDir).sort()).toEqual(fresh);
    for (const name of fresh) {
      expect(fs.readFileSync(path.join(outputDir, name), 'utf8'), name).toBe(fs.readFileSync(path.join(tmp, name), 'utf8'));
    }
  });

  it('type-checks: tsc --noEmit -p examples/client', async () => {
    const { code, output } = await typecheck(exampleDir);
    expect(output).toBe('');
    expect(code).toBe(0);
  });

  it('fails the type check after a breaking schema change, where the client depends on it', async () => {
    // A copy of the example with its own node_modules link, generated from an edited schema.
    const tmp = tempDir();
    fs.symlinkSync(path.join(root, 'node_modules'), path.join(tmp, 'node_modules'), 'dir');
    for (const file of ['tsconfig.json', 'package.json']) fs.copyFileSync(path.join(exampleDir, file), path.join(tmp, file));
    fs.cpSync(path.join(exampleDir, 'src'), path.join(tmp, 'src'), { recursive: true, filter: (p) => !p.startsWith(outputDir) });
    let schema = fs.readFileSync(path.join(root, 'schema.graphql'), 'utf8');
    // The final URL becomes nullable, and BatchStatus loses an end state the client waits for.
    schema = editBlock(schema, 'type FinalVideo {', /\burl: String!/, 'url: String');
    schema = editBlock(schema, 'enum BatchStatus {', /\n\s*"""Stopped by `cancelBatch`[^\n]*\n\s*CANCELLED\n/, '\n');
    // A new error member of the approve result, which the exhaustive switch does not handle.
    schema = schema.replace(
      /union ApproveClipPlanResult = ([^\n]*)/,
      'union ApproveClipPlanResult = $1 | QuotaError\n\n"""Out of quota."""\ntype QuotaError implements Error {\n  """Why."""\n  message: String!\n}',
    );
    const schemaPath = path.join(tmp, 'schema.graphql');
    fs.writeFileSync(schemaPath, schema);
    await generate({ ...codegenConfig(path.join(tmp, 'src', 'gql')), schema: schemaPath, silent: true }, true);

    const { code, output } = await typecheck(tmp);
    expect(code).not.toBe(0);
    const errors = output.split('\n').filter((line) => /src\/run\.ts\(\d+,\d+\): error/.test(line));
    expect(errors.some((e) => /CANCELLED/.test(e)), output).toBe(true);
    expect(errors.some((e) => /string \| null/.test(e)), output).toBe(true);
    expect(errors.some((e) => /QuotaError/.test(e)), output).toBe(true);
  });
});
