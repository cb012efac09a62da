/** The typed errors of mutation result unions, all implementing `Error`. */
import { InputError, InvalidStateError, NotFoundError, VersionConflictError } from '../domain/action-errors.js';
import { BatchStatusEnum } from './enums.js';
import { builder } from './builder.js';

/** `interface Error { message }`, shared by every typed error. */
export const ErrorInterface = builder.interfaceRef<Error>('Error').implement({
  description: 'Something the client can act on went wrong. Query `... on Error { message }` to handle any of them.',
  fields: (t) => ({
    message: t.exposeString('message', { description: 'What went wrong and what to do about it, for a person.' }),
  }),
});

builder.objectType(InputError, {
  name: 'ValidationError',
  description: 'An input broke a rule. Nothing was created or changed.',
  interfaces: [ErrorInterface],
  isTypeOf: (v) => v instanceof InputError,
  fields: (t) => ({
    field: t.exposeString('field', { description: 'The input field at fault, as a path such as `sources.url` or `output.fps`.' }),
    sourceIndex: t.exposeInt('sourceIndex', { nullable: true, description: 'Index in `sources` of the source at fault, when one is.' }),
    clipIndex: t.exposeInt('clipIndex', { nullable: true, description: 'Index in `clips` of the clip at fault, when one is.' }),
  }),
});

builder.objectType(NotFoundError, {
  name: 'NotFoundError',
  description: 'No object has the given ID.',
  interfaces: [ErrorInterface],
  isTypeOf: (v) => v instanceof NotFoundError,
  fields: (t) => ({
    id: t.exposeID('id', { description: 'The ID that was looked up.' }),
  }),
});

builder.objectType(VersionConflictError, {
  name: 'VersionConflictError',
  description: 'The edit was based on a plan version that is no longer the newest. Reload the plan and apply the edit again.',
  interfaces: [ErrorInterface],
  isTypeOf: (v) => v instanceof VersionConflictError,
  fields: (t) => ({
    currentVersion: t.exposeInt('currentVersion', { description: 'The newest plan version, to base the next edit on.' }),
  }),
});

builder.objectType(InvalidStateError, {
  name: 'InvalidStateError',
  description: 'The action makes no sense while the batch is in its current status.',
  interfaces: [ErrorInterface],
  isTypeOf: (v) => v instanceof InvalidStateError,
  fields: (t) => ({
    status: t.field({ type: BatchStatusEnum, resolve: (e) => e.status, description: 'The batch status that refused the action.' }),
  }),
});
