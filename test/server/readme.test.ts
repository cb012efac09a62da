/** Every GraphQL example in README.md is valid against the schema, so the quick start stays true. */
import fs from 'node:fs';
import path from 'node:path';
import { parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildSchema } from '../../src/schema/index.js';
import { GRAPHIQL_EXAMPLES } from '../../src/server/graphiql-examples.js';

const readme = fs.readFileSync(path.join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]!);

describe('README', () => {
  it('has GraphQL examples', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(3);
  });

  it('opens in GraphiQL as tabs, the same operations in the same order', () => {
    const ops = blocks.flatMap((b) => b.split(/\n\s*\n/).filter((s) => s.trim())).map((s) => s.trim());
    expect(GRAPHIQL_EXAMPLES.map((s) => s.trim())).toEqual(ops);
  });

  it('holds one named operation per GraphQL block', () => {
    for (const block of blocks) {
      const ops = parse(block).definitions.filter((d) => d.kind === 'OperationDefinition');
      expect(ops, block).toHaveLength(1);
      expect((ops[0] as { name?: { value: string } }).name?.value, block).toBeTruthy();
    }
  });

  it.each(blocks.flatMap((b) => b.split(/\n\s*\n/).filter((s) => s.trim())).map((op, i) => [i, op] as const))('example %i is valid', (_i, op) => {
    const errors = validate(buildSchema(), parse(op));
    expect(errors.map((e) => e.message)).toEqual([]);
  });
});
