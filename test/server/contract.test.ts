/**
 * The public API contract, checked against the running server (introspection
 * and real requests over HTTP, graphql-ws and SSE), not against the code: the
 * served schema is schema.graphql; every public name clients depend on is there
 * with its type (queries, mutations and their arguments, subscriptions, the
 * error types, result unions, enums and their values, the fields of batches,
 * videos, plans and progress events); every Node comes back through node(id);
 * every mutation answers an unknown id with NotFoundError; and the error codes
 * clients branch on are the documented ones.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  buildClientSchema,
  buildSchema,
  getIntrospectionQuery,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isUnionType,
  lexicographicSortSchema,
  printSchema,
  type GraphQLSchema,
  type IntrospectionQuery,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureStages } from '../support/fixture-stages.js';
import { gql, startTestApp, type TestApp } from '../support/test-app.js';
import { collect, sse, wsClient } from '../support/ws-client.js';

let t: TestApp;
let served: GraphQLSchema;

beforeAll(async () => {
  t = await startTestApp({ env: { API_TOKENS: 'contract-token' }, patch: () => ({ stages: fixtureStages({}) }) });
  for (const name of ['a.mp4', 'b.mp4']) fs.writeFileSync(path.join(t.mediaRoot, name), `fake ${name}`);
  const { data } = await gql<IntrospectionQuery>(t.url, getIntrospectionQuery({ descriptions: true }), {}, { headers: AUTH });
  served = buildClientSchema(data);
});
afterAll(async () => t?.stop());

const AUTH = { authorization: 'Bearer contract-token' };

/** `field(arg: Type, …): Type` as the contract writes it; arguments the server adds beyond these are allowed. */
const ROOTS: Record<string, Record<string, string>> = {
  Query: {
    node: '(id: ID!): Node',
    batch: '(id: ID!): Batch',
    batches: '(first: Int, after: String, status: BatchStatus): BatchConnection!',
    compressionProfiles: ': [CompressionProfileInfo!]!',
    health: ': Health!',
  },
  Mutation: {
    createBatch: '(input: CreateBatchInput!): CreateBatchResult!',
    cancelBatch: '(id: ID!): CancelBatchResult!',
    retryBatch: '(id: ID!): RetryBatchResult!',
    updateClipPlan: '(input: UpdateClipPlanInput!): UpdateClipPlanResult!',
    approveClipPlan: '(batchId: ID!, expectedVersion: Int!): ApproveClipPlanResult!',
    regenerateClipPlan: '(batchId: ID!, customPrompt: String, targetDurationSeconds: Int): RegenerateClipPlanResult!',
  },
  Subscription: {
    batchProgress: '(batchId: ID!): BatchProgressEvent!',
    batchUpdated: '(id: ID!): Batch!',
  },
};

/** Fields each type must have (by the contract's names; the types of the fields are the server's). */
const FIELDS: Record<string, string[]> = {
  Node: ['id'],
  Error: ['message'],
  ValidationError: ['message', 'field', 'sourceIndex', 'clipIndex'],
  NotFoundError: ['message'],
  VersionConflictError: ['message', 'currentVersion'],
  InvalidStateError: ['message', 'status'],
  CreateBatchPayload: ['batch'],
  CancelBatchPayload: ['batch'],
  RetryBatchPayload: ['batch'],
  UpdateClipPlanPayload: ['batch', 'clipPlan'],
  ApproveClipPlanPayload: ['batch', 'clipPlan'],
  RegenerateClipPlanPayload: ['batch', 'clipPlan'],
  Batch: [
    'id', 'status', 'progress', 'currentStage', 'stages', 'videos', 'compressionSummary', 'clipPlan', 'clipPlanVersions', 'renders',
    'finalVideo', 'usage', 'error', 'webhookDeliveries', 'estimatedCompletionAt', 'createdAt', 'updatedAt', 'completedAt',
  ],
  StageRun: ['stage', 'status', 'startedAt', 'finishedAt', 'durationSeconds', 'itemsDone', 'itemsTotal', 'message'],
  FinalVideo: ['url', 'durationSeconds', 'sizeBytes', 'width', 'height'],
  Video: ['index', 'sourceType', 'status', 'durationSeconds', 'width', 'height', 'fps', 'sizeBytes', 'hasAudio', 'compression', 'analysis', 'transcript', 'error'],
  VideoCompression: ['profile', 'sizeBytes', 'ratio', 'tempUrl', 'expiresAt'],
  VideoAnalysis: ['description', 'highlights', 'tags', 'scenes'],
  ClipPlan: ['version', 'status', 'origin', 'theme', 'clips', 'totalDurationSeconds', 'createdAt'],
  Clip: ['id', 'position', 'videoIndex', 'start', 'end', 'reason'],
  BatchProgressEvent: ['batchId', 'status', 'stage', 'progress', 'videoIndex', 'itemsDone', 'itemsTotal', 'message', 'at'],
  CreateBatchInput: [
    'sources', 'compressionProfile', 'tempUrlExpirySeconds', 'output', 'enableVlAnalysis', 'enableAsr', 'webhookUrl', 'customPrompt',
    'autoApprove', 'targetDurationSeconds', 'language',
  ],
  VideoSourceInput: ['type', 'path', 'url', 'compressionProfile'],
  OutputInput: ['mode', 'resolution', 'fps', 'bitrate'],
  UpdateClipPlanInput: ['batchId', 'expectedVersion', 'theme', 'clips'],
};

/** Every value of the contract's enums (the server may add values, never drop one). */
const ENUMS: Record<string, string[]> = {
  BatchStatus: [
    'QUEUED', 'PREPARING', 'DOWNLOADING', 'COMPRESSING', 'UPLOADING_TEMP', 'VL_ANALYZING', 'GENERATING_PLAN', 'AWAITING_APPROVAL',
    'CLIPPING', 'MERGING', 'UPLOADING_FINAL', 'CLEANUP', 'COMPLETED', 'FAILED', 'CANCELLED',
  ],
  Stage: ['PREPARATION', 'COMPRESSION', 'TEMP_UPLOAD', 'VL_ANALYSIS', 'PLAN_GENERATION', 'APPROVAL', 'RENDERING', 'FINAL_UPLOAD', 'CLEANUP'],
  StageStatus: ['PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'SKIPPED'],
  VideoStatus: ['PENDING', 'PREPARING', 'COMPRESSING', 'UPLOADING', 'ANALYZING', 'READY', 'FAILED'],
  SourceType: ['LOCAL', 'OSS', 'URL'],
  CompressionProfile: ['AGGRESSIVE', 'BALANCED', 'CONSERVATIVE', 'DYNAMIC'],
  OutputMode: ['ORIGINAL_QUALITY', 'RECOMPRESS'],
  Language: ['ZH', 'EN'],
  ClipPlanStatus: ['DRAFT', 'APPROVED'],
  ClipPlanOrigin: ['AI', 'OFFLINE', 'USER'],
};

/** Result unions and the typed errors the contract names for them (others must still implement Error). */
const RESULTS: Record<string, string[]> = {
  CreateBatchResult: ['ValidationError'],
  CancelBatchResult: ['NotFoundError', 'InvalidStateError'],
  RetryBatchResult: ['NotFoundError', 'InvalidStateError'],
  UpdateClipPlanResult: ['NotFoundError', 'ValidationError', 'VersionConflictError'],
  ApproveClipPlanResult: ['NotFoundError', 'VersionConflictError'],
  RegenerateClipPlanResult: ['NotFoundError'],
};

function signature(schema: GraphQLSchema, typeName: string, field: string, expected: string): string {
  const type = schema.getType(typeName);
  if (!isObjectType(type)) return `${typeName} is missing`;
  const f = type.getFields()[field];
  if (!f) return `${typeName}.${field} is missing`;
  const wanted = new Set([...expected.matchAll(/(\w+): /g)].map((m) => m[1]!));
  const order = [...wanted];
  const args = f.args.filter((a) => wanted.has(a.name)).sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name)).map((a) => `${a.name}: ${String(a.type)}`);
  const extraRequired = f.args.filter((a) => !wanted.has(a.name) && String(a.type).endsWith('!') && a.defaultValue === undefined);
  if (extraRequired.length) return `${typeName}.${field} requires ${extraRequired.map((a) => a.name).join(', ')} beyond the contract`;
  return `${args.length ? `(${args.join(', ')})` : ''}: ${String(f.type)}`;
}

describe('the served schema', () => {
  it('is schema.graphql', () => {
    const committed = fs.readFileSync(path.join(import.meta.dirname, '..', '..', 'schema.graphql'), 'utf8');
    expect(printSchema(lexicographicSortSchema(served))).toBe(printSchema(lexicographicSortSchema(buildSchema(committed))));
  });

  it('has every root field of the contract with its arguments and type', () => {
    for (const [root, fields] of Object.entries(ROOTS)) {
      for (const [field, expected] of Object.entries(fields)) expect(signature(served, root, field, expected), `${root}.${field}`).toBe(expected);
    }
  });

  it('has every type and field of the contract; Batch, Video, ClipPlan and Clip are Nodes; errors implement Error', () => {
    const missing = Object.entries(FIELDS).flatMap(([name, fields]) => {
      const type = served.getType(name);
      if (!type || !(isObjectType(type) || isInterfaceType(type) || isInputObjectType(type))) return [`${name}`];
      return fields.filter((f) => !type.getFields()[f]).map((f) => `${name}.${f}`);
    });
    expect(missing).toEqual([]);
    // The contract's nested types are the ones its fields lead to.
    const batch = served.getType('Batch');
    expect(isObjectType(batch) && String(batch.getFields().stages!.type)).toBe('[StageRun!]!');
    for (const name of ['Batch', 'Video', 'ClipPlan', 'Clip']) {
      const type = served.getType(name);
      expect(isObjectType(type) && type.getInterfaces().map((i) => i.name), name).toContain('Node');
    }
    for (const name of ['ValidationError', 'NotFoundError', 'VersionConflictError', 'InvalidStateError']) {
      const type = served.getType(name);
      expect(isObjectType(type) && type.getInterfaces().map((i) => i.name), name).toContain('Error');
    }
  });

  it('has every enum value of the contract', () => {
    for (const [name, values] of Object.entries(ENUMS)) {
      const type = served.getType(name);
      expect(isEnumType(type), name).toBe(true);
      if (isEnumType(type)) expect(type.getValues().map((v) => v.name), name).toEqual(expect.arrayContaining(values));
    }
  });

  it('answers each mutation with its payload or typed errors', () => {
    for (const [name, errors] of Object.entries(RESULTS)) {
      const type = served.getType(name);
      if (!isUnionType(type)) throw new Error(`${name} is not a union`);
      const payload = name.replace(/Result$/, 'Payload');
      const members = type.getTypes();
      expect(members.map((m) => m.name), name).toEqual(expect.arrayContaining([payload, ...errors]));
      // Everything but the payload is a typed error.
      for (const m of members.filter((x) => x.name !== payload)) expect(m.getInterfaces().map((i) => i.name), `${name} member ${m.name}`).toContain('Error');
    }
  });
});

const CREATE = /* GraphQL */ `
  mutation Create($input: CreateBatchInput!) {
    createBatch(input: $input) { __typename ... on CreateBatchPayload { batch { id } } ... on Error { message } }
  }
`;
const PROGRESS = /* GraphQL */ `
  subscription Progress($id: ID!) { batchProgress(batchId: $id) { batchId status stage progress videoIndex itemsDone itemsTotal message at } }
`;
const IDS = /* GraphQL */ `
  query Ids($id: ID!) {
    batch(id: $id) { id status videos { id } clipPlan { id clips { id } } renders { id } }
  }
`;

describe('the running server', () => {
  it('gives back every Node through node(id)', async () => {
    const created = await gql(t.url, CREATE, { input: { sources: [{ type: 'LOCAL', path: 'a.mp4' }, { type: 'LOCAL', path: 'b.mp4' }], autoApprove: true } }, { headers: AUTH });
    const id = created.data.createBatch.batch.id;
    const events = await collect(wsClient(t.url, AUTH), PROGRESS, { id });
    expect(events.at(-1).batchProgress).toMatchObject({ batchId: id, status: 'COMPLETED', progress: 100 });
    const { data } = await gql(t.url, IDS, { id }, { headers: AUTH });
    const b = data.batch;
    const nodes: Array<[string, string]> = [
      ['Batch', b.id],
      ['Video', b.videos[0].id],
      ['ClipPlan', b.clipPlan.id],
      ['Clip', b.clipPlan.clips[0].id],
      ['Render', b.renders[0].id],
    ];
    for (const [typename, nodeId] of nodes) {
      const res = await gql(t.url, 'query Node($id: ID!) { node(id: $id) { __typename id } }', { id: nodeId }, { headers: AUTH });
      expect(res.data.node, typename).toEqual({ __typename: typename, id: nodeId });
    }
    const unknown = await gql(t.url, 'query Node($id: ID!) { node(id: $id) { id } }', { id: 'QmF0Y2g6bm9uZQ==' }, { headers: AUTH });
    expect(unknown.data.node).toBeNull();
  });

  it('answers every mutation on an unknown batch with NotFoundError', async () => {
    const none = 'QmF0Y2g6bm9uZQ==';
    const mutations = [
      `cancelBatch(id: "${none}")`,
      `retryBatch(id: "${none}")`,
      `approveClipPlan(batchId: "${none}", expectedVersion: 1)`,
      `regenerateClipPlan(batchId: "${none}")`,
      `updateClipPlan(input: { batchId: "${none}", expectedVersion: 1, theme: "t", clips: [{ videoIndex: 0, start: 0, end: 2 }] })`,
    ];
    for (const m of mutations) {
      const res = await gql(t.url, `mutation M { r: ${m} { __typename ... on NotFoundError { message } } }`, {}, { headers: AUTH });
      expect(res.data.r.__typename, m).toBe('NotFoundError');
      expect(res.data.r.message, m).toMatch(/./);
    }
  });

  it('uses the documented error codes: UNAUTHENTICATED, NOT_FOUND, BAD_USER_INPUT', async () => {
    const anonymous = await gql(t.url, 'query H { health { ok } }', {}, { allowErrors: true });
    expect(anonymous.status).toBe(401);
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    await expect(sse(t.url, PROGRESS, { id: 'QmF0Y2g6bm9uZQ==' }, AUTH)).rejects.toThrow(/"code":"NOT_FOUND"/);
    const page = await gql(t.url, 'query B { batches(first: 0) { totalCount } }', {}, { headers: AUTH, allowErrors: true });
    expect(page.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'first' });
  });
});
