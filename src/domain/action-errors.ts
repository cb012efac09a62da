/** Outcomes a client can act on; the API returns them as typed members of result unions. */
import type { BatchStatus } from './statuses.js';

/** Input that breaks a rule; names the field and, where it applies, the source or clip. */
export class InputError extends Error {
  override name = 'InputError';
  constructor(
    message: string,
    readonly field: string,
    readonly sourceIndex: number | null = null,
    readonly clipIndex: number | null = null,
  ) {
    super(message);
  }
}

/** The thing asked for does not exist. */
export class NotFoundError extends Error {
  override name = 'NotFoundError';
  constructor(
    message: string,
    readonly id: string,
  ) {
    super(message);
  }
}

/** An edit based on a plan version that is no longer the newest. */
export class VersionConflictError extends Error {
  override name = 'VersionConflictError';
  constructor(
    message: string,
    readonly currentVersion: number,
  ) {
    super(message);
  }
}

/** The action makes no sense in the batch's current status. */
export class InvalidStateError extends Error {
  override name = 'InvalidStateError';
  constructor(
    message: string,
    readonly status: BatchStatus,
  ) {
    super(message);
  }
}
