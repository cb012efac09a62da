/** The review app's committed typed documents match schema.graphql and its operations (run `npm run web:generate`). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generate } from '@graphql-codegen/cli';
import { afterAll, describe, expect, it } from 'vitest';
import { codegenConfig, outputDir } from '../../web/codegen.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'autoclip-web-gql-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('review app documents', () => {
  it('are up to date with schema.graphql', async () => {
    await generate({ ...codegenConfig(tmp), silent: true }, true);
    const fresh = fs.readdirSync(tmp).sort();
    expect(fs.readdirSync(outputDir).sort()).toEqual(fresh);
    for (const name of fresh) {
      expect(fs.readFileSync(path.join(outputDir, name), 'utf8'), name).toBe(fs.readFileSync(path.join(tmp, name), 'utf8'));
    }
  });
});
