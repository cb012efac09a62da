/* eslint-disable */
import * as types from './graphql.js';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  mutation CreateBatch($input: CreateBatchInput!) {\n    createBatch(input: $input) {\n      __typename\n      ... on CreateBatchPayload {\n        batch {\n          id\n          status\n          videos {\n            index\n            source\n          }\n        }\n      }\n      ... on ValidationError {\n        field\n        sourceIndex\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": typeof types.CreateBatchDocument,
    "\n  subscription BatchProgress($batchId: ID!) {\n    batchProgress(batchId: $batchId) {\n      status\n      stage\n      progress\n      videoIndex\n      itemsDone\n      itemsTotal\n      message\n    }\n  }\n": typeof types.BatchProgressDocument,
    "\n  query Batch($id: ID!) {\n    batch(id: $id) {\n      id\n      status\n      error\n      clipPlan {\n        version\n        status\n        theme\n        totalDurationSeconds\n        clips {\n          videoIndex\n          start\n          end\n          reason\n        }\n      }\n      finalVideo {\n        url\n        durationSeconds\n        sizeBytes\n        width\n        height\n      }\n    }\n  }\n": typeof types.BatchDocument,
    "\n  mutation ApproveClipPlan($batchId: ID!, $expectedVersion: Int!) {\n    approveClipPlan(batchId: $batchId, expectedVersion: $expectedVersion) {\n      __typename\n      ... on ApproveClipPlanPayload {\n        clipPlan {\n          version\n          status\n        }\n        batch {\n          status\n        }\n      }\n      ... on VersionConflictError {\n        currentVersion\n      }\n      ... on InvalidStateError {\n        status\n      }\n      ... on NotFoundError {\n        id\n      }\n      ... on ValidationError {\n        field\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": typeof types.ApproveClipPlanDocument,
};
const documents: Documents = {
    "\n  mutation CreateBatch($input: CreateBatchInput!) {\n    createBatch(input: $input) {\n      __typename\n      ... on CreateBatchPayload {\n        batch {\n          id\n          status\n          videos {\n            index\n            source\n          }\n        }\n      }\n      ... on ValidationError {\n        field\n        sourceIndex\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": types.CreateBatchDocument,
    "\n  subscription BatchProgress($batchId: ID!) {\n    batchProgress(batchId: $batchId) {\n      status\n      stage\n      progress\n      videoIndex\n      itemsDone\n      itemsTotal\n      message\n    }\n  }\n": types.BatchProgressDocument,
    "\n  query Batch($id: ID!) {\n    batch(id: $id) {\n      id\n      status\n      error\n      clipPlan {\n        version\n        status\n        theme\n        totalDurationSeconds\n        clips {\n          videoIndex\n          start\n          end\n          reason\n        }\n      }\n      finalVideo {\n        url\n        durationSeconds\n        sizeBytes\n        width\n        height\n      }\n    }\n  }\n": types.BatchDocument,
    "\n  mutation ApproveClipPlan($batchId: ID!, $expectedVersion: Int!) {\n    approveClipPlan(batchId: $batchId, expectedVersion: $expectedVersion) {\n      __typename\n      ... on ApproveClipPlanPayload {\n        clipPlan {\n          version\n          status\n        }\n        batch {\n          status\n        }\n      }\n      ... on VersionConflictError {\n        currentVersion\n      }\n      ... on InvalidStateError {\n        status\n      }\n      ... on NotFoundError {\n        id\n      }\n      ... on ValidationError {\n        field\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": types.ApproveClipPlanDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateBatch($input: CreateBatchInput!) {\n    createBatch(input: $input) {\n      __typename\n      ... on CreateBatchPayload {\n        batch {\n          id\n          status\n          videos {\n            index\n            source\n          }\n        }\n      }\n      ... on ValidationError {\n        field\n        sourceIndex\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n"): typeof import('./graphql.js').CreateBatchDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription BatchProgress($batchId: ID!) {\n    batchProgress(batchId: $batchId) {\n      status\n      stage\n      progress\n      videoIndex\n      itemsDone\n      itemsTotal\n      message\n    }\n  }\n"): typeof import('./graphql.js').BatchProgressDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Batch($id: ID!) {\n    batch(id: $id) {\n      id\n      status\n      error\n      clipPlan {\n        version\n        status\n        theme\n        totalDurationSeconds\n        clips {\n          videoIndex\n          start\n          end\n          reason\n        }\n      }\n      finalVideo {\n        url\n        durationSeconds\n        sizeBytes\n        width\n        height\n      }\n    }\n  }\n"): typeof import('./graphql.js').BatchDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ApproveClipPlan($batchId: ID!, $expectedVersion: Int!) {\n    approveClipPlan(batchId: $batchId, expectedVersion: $expectedVersion) {\n      __typename\n      ... on ApproveClipPlanPayload {\n        clipPlan {\n          version\n          status\n        }\n        batch {\n          status\n        }\n      }\n      ... on VersionConflictError {\n        currentVersion\n      }\n      ... on InvalidStateError {\n        status\n      }\n      ... on NotFoundError {\n        id\n      }\n      ... on ValidationError {\n        field\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n"): typeof import('./graphql.js').ApproveClipPlanDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
