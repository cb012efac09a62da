/** The committed schema.graphql matches the code, and every type, field, argument and enum value is described. */
import fs from 'node:fs';
import path from 'node:path';
import { isEnumType, isInputObjectType, isInterfaceType, isObjectType, isUnionType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildSchema } from '../../src/schema/index.js';
import { printSchemaFile } from '../../src/schema/print.js';

describe('schema.graphql', () => {
  it('matches the schema printed from the code (run `npm run schema` after changing the schema)', () => {
    const committed = fs.readFileSync(path.join(import.meta.dirname, '..', '..', 'schema.graphql'), 'utf8');
    expect(committed).toBe(printSchemaFile());
  });

  it('describes every type, field, argument and enum value', () => {
    const missing: string[] = [];
    for (const type of Object.values(buildSchema().getTypeMap())) {
      if (type.name.startsWith('__')) continue;
      if (!type.description) missing.push(type.name);
      if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) missing.push(`${type.name}.${field.name}`);
          for (const arg of 'args' in field ? field.args : []) {
            if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
          }
        }
      }
      if (isEnumType(type)) for (const v of type.getValues()) if (!v.description) missing.push(`${type.name}.${v.name}`);
      if (isUnionType(type) && !type.description) missing.push(type.name);
    }
    expect(missing).toEqual([]);
  });

  it('has the names clients depend on', () => {
    const s = buildSchema();
    const q = s.getQueryType()!.getFields();
    expect(Object.keys(q)).toEqual(expect.arrayContaining(['node', 'batch', 'batches', 'compressionProfiles', 'health']));
    const m = s.getMutationType()!.getFields();
    expect(Object.keys(m)).toEqual(
      expect.arrayContaining(['createBatch', 'cancelBatch', 'retryBatch', 'updateClipPlan', 'approveClipPlan', 'regenerateClipPlan']),
    );
    expect(String(m.createBatch!.type)).toBe('CreateBatchResult!');
    expect(String(s.getSubscriptionType()!.getFields().batchProgress!.type)).toBe('BatchProgressEvent!');
    for (const name of ['ValidationError', 'NotFoundError', 'VersionConflictError', 'InvalidStateError']) {
      expect(s.getType(name), name).toBeDefined();
    }
  });
});
