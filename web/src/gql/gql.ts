/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

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
    "\n  query BatchList($first: Int, $after: String) {\n    batches(first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id status progress createdAt isFinished customPrompt videos { id source } finalVideo { url } } }\n    }\n  }\n": typeof types.BatchListDocument,
    "\n  subscription BatchProgress($batchId: ID!) {\n    batchProgress(batchId: $batchId) { batchId status stage progress message }\n  }\n": typeof types.BatchProgressDocument,
    "\n  query MediaFiles($first: Int, $after: String, $search: String) {\n    mediaFiles(first: $first, after: $after, search: $search) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { path size } }\n    }\n  }\n": typeof types.MediaFilesDocument,
    "\n  mutation CreateBatch($input: CreateBatchInput!) {\n    createBatch(input: $input) {\n      __typename\n      ... on CreateBatchPayload { batch { id } }\n      ... on ValidationError { message field sourceIndex }\n    }\n  }\n": typeof types.CreateBatchDocument,
    "\n  fragment BatchFields on Batch {\n    id status progress currentStage error isFinished customPrompt autoApprove createdAt\n    stages { stage status itemsDone itemsTotal message }\n    videos {\n      id index source sourceType status progress error durationSeconds fps width height\n      compression { tempUrl }\n      analysis { description highlights { start end label score } }\n    }\n    clipPlan { id version status theme totalDurationSeconds clips { id videoIndex start end reason } }\n    renders { id planVersion status url durationSeconds createdAt error }\n    finalVideo { url durationSeconds planVersion width height sizeBytes }\n    usage { totalTokens estimatedCost }\n  }\n": typeof types.BatchFieldsFragmentDoc,
    "\n  query Batch($id: ID!) { batch(id: $id) { ...BatchFields } }\n": typeof types.BatchDocument,
    "\n  subscription BatchUpdated($id: ID!) { batchUpdated(id: $id) { ...BatchFields } }\n": typeof types.BatchUpdatedDocument,
    "\n  query ClipStrips($planId: ID!) {\n    node(id: $planId) {\n      ... on ClipPlan {\n        id\n        clips { id thumbnailStrip(frames: 6, height: 54) { __typename ... on ThumbnailStrip { url width height } } }\n      }\n    }\n  }\n": typeof types.ClipStripsDocument,
    "\n  mutation UpdatePlan($input: UpdateClipPlanInput!) {\n    updateClipPlan(input: $input) {\n      __typename\n      ... on UpdateClipPlanPayload { clipPlan { version } }\n      ... on VersionConflictError { currentVersion message }\n      ... on ValidationError { clipIndex message }\n      ... on Error { message }\n    }\n  }\n": typeof types.UpdatePlanDocument,
    "\n  mutation Approve($batchId: ID!, $expectedVersion: Int!) {\n    approveClipPlan(batchId: $batchId, expectedVersion: $expectedVersion) { __typename ... on Error { message } }\n  }\n": typeof types.ApproveDocument,
    "\n  mutation Regenerate($batchId: ID!, $customPrompt: String) {\n    regenerateClipPlan(batchId: $batchId, customPrompt: $customPrompt) { __typename ... on Error { message } }\n  }\n": typeof types.RegenerateDocument,
    "\n  mutation Cancel($id: ID!) { cancelBatch(id: $id) { __typename ... on Error { message } } }\n": typeof types.CancelDocument,
    "\n  mutation Retry($id: ID!) { retryBatch(id: $id) { __typename ... on Error { message } } }\n": typeof types.RetryDocument,
};
const documents: Documents = {
    "\n  query BatchList($first: Int, $after: String) {\n    batches(first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id status progress createdAt isFinished customPrompt videos { id source } finalVideo { url } } }\n    }\n  }\n": types.BatchListDocument,
    "\n  subscription BatchProgress($batchId: ID!) {\n    batchProgress(batchId: $batchId) { batchId status stage progress message }\n  }\n": types.BatchProgressDocument,
    "\n  query MediaFiles($first: Int, $after: String, $search: String) {\n    mediaFiles(first: $first, after: $after, search: $search) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { path size } }\n    }\n  }\n": types.MediaFilesDocument,
    "\n  mutation CreateBatch($input: CreateBatchInput!) {\n    createBatch(input: $input) {\n      __typename\n      ... on CreateBatchPayload { batch { id } }\n      ... on ValidationError { message field sourceIndex }\n    }\n  }\n": types.CreateBatchDocument,
    "\n  fragment BatchFields on Batch {\n    id status progress currentStage error isFinished customPrompt autoApprove createdAt\n    stages { stage status itemsDone itemsTotal message }\n    videos {\n      id index source sourceType status progress error durationSeconds fps width height\n      compression { tempUrl }\n      analysis { description highlights { start end label score } }\n    }\n    clipPlan { id version status theme totalDurationSeconds clips { id videoIndex start end reason } }\n    renders { id planVersion status url durationSeconds createdAt error }\n    finalVideo { url durationSeconds planVersion width height sizeBytes }\n    usage { totalTokens estimatedCost }\n  }\n": types.BatchFieldsFragmentDoc,
    "\n  query Batch($id: ID!) { batch(id: $id) { ...BatchFields } }\n": types.BatchDocument,
    "\n  subscription BatchUpdated($id: ID!) { batchUpdated(id: $id) { ...BatchFields } }\n": types.BatchUpdatedDocument,
    "\n  query ClipStrips($planId: ID!) {\n    node(id: $planId) {\n      ... on ClipPlan {\n        id\n        clips { id thumbnailStrip(frames: 6, height: 54) { __typename ... on ThumbnailStrip { url width height } } }\n      }\n    }\n  }\n": types.ClipStripsDocument,
    "\n  mutation UpdatePlan($input: UpdateClipPlanInput!) {\n    updateClipPlan(input: $input) {\n      __typename\n      ... on UpdateClipPlanPayload { clipPlan { version } }\n      ... on VersionConflictError { currentVersion message }\n      ... on ValidationError { clipIndex message }\n      ... on Error { message }\n    }\n  }\n": types.UpdatePlanDocument,
    "\n  mutation Approve($batchId: ID!, $expectedVersion: Int!) {\n    approveClipPlan(batchId: $batchId, expectedVersion: $expectedVersion) { __typename ... on Error { message } }\n  }\n": types.ApproveDocument,
    "\n  mutation Regenerate($batchId: ID!, $customPrompt: String) {\n    regenerateClipPlan(batchId: $batchId, customPrompt: $customPrompt) { __typename ... on Error { message } }\n  }\n": types.RegenerateDocument,
    "\n  mutation Cancel($id: ID!) { cancelBatch(id: $id) { __typename ... on Error { message } } }\n": types.CancelDocument,
    "\n  mutation Retry($id: ID!) { retryBatch(id: $id) { __typename ... on Error { message } } }\n": types.RetryDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BatchList($first: Int, $after: String) {\n    batches(first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id status progress createdAt isFinished customPrompt videos { id source } finalVideo { url } } }\n    }\n  }\n"): (typeof documents)["\n  query BatchList($first: Int, $after: String) {\n    batches(first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id status progress createdAt isFinished customPrompt videos { id source } finalVideo { url } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription BatchProgress($batchId: ID!) {\n    batchProgress(batchId: $batchId) { batchId status stage progress message }\n  }\n"): (typeof documents)["\n  subscription BatchProgress($batchId: ID!) {\n    batchProgress(batchId: $batchId) { batchId status stage progress message }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MediaFiles($first: Int, $after: String, $search: String) {\n    mediaFiles(first: $first, after: $after, search: $search) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { path size } }\n    }\n  }\n"): (typeof documents)["\n  query MediaFiles($first: Int, $after: String, $search: String) {\n    mediaFiles(first: $first, after: $after, search: $search) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { path size } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateBatch($input: CreateBatchInput!) {\n    createBatch(input: $input) {\n      __typename\n      ... on CreateBatchPayload { batch { id } }\n      ... on ValidationError { message field sourceIndex }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateBatch($input: CreateBatchInput!) {\n    createBatch(input: $input) {\n      __typename\n      ... on CreateBatchPayload { batch { id } }\n      ... on ValidationError { message field sourceIndex }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment BatchFields on Batch {\n    id status progress currentStage error isFinished customPrompt autoApprove createdAt\n    stages { stage status itemsDone itemsTotal message }\n    videos {\n      id index source sourceType status progress error durationSeconds fps width height\n      compression { tempUrl }\n      analysis { description highlights { start end label score } }\n    }\n    clipPlan { id version status theme totalDurationSeconds clips { id videoIndex start end reason } }\n    renders { id planVersion status url durationSeconds createdAt error }\n    finalVideo { url durationSeconds planVersion width height sizeBytes }\n    usage { totalTokens estimatedCost }\n  }\n"): (typeof documents)["\n  fragment BatchFields on Batch {\n    id status progress currentStage error isFinished customPrompt autoApprove createdAt\n    stages { stage status itemsDone itemsTotal message }\n    videos {\n      id index source sourceType status progress error durationSeconds fps width height\n      compression { tempUrl }\n      analysis { description highlights { start end label score } }\n    }\n    clipPlan { id version status theme totalDurationSeconds clips { id videoIndex start end reason } }\n    renders { id planVersion status url durationSeconds createdAt error }\n    finalVideo { url durationSeconds planVersion width height sizeBytes }\n    usage { totalTokens estimatedCost }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Batch($id: ID!) { batch(id: $id) { ...BatchFields } }\n"): (typeof documents)["\n  query Batch($id: ID!) { batch(id: $id) { ...BatchFields } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription BatchUpdated($id: ID!) { batchUpdated(id: $id) { ...BatchFields } }\n"): (typeof documents)["\n  subscription BatchUpdated($id: ID!) { batchUpdated(id: $id) { ...BatchFields } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ClipStrips($planId: ID!) {\n    node(id: $planId) {\n      ... on ClipPlan {\n        id\n        clips { id thumbnailStrip(frames: 6, height: 54) { __typename ... on ThumbnailStrip { url width height } } }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ClipStrips($planId: ID!) {\n    node(id: $planId) {\n      ... on ClipPlan {\n        id\n        clips { id thumbnailStrip(frames: 6, height: 54) { __typename ... on ThumbnailStrip { url width height } } }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdatePlan($input: UpdateClipPlanInput!) {\n    updateClipPlan(input: $input) {\n      __typename\n      ... on UpdateClipPlanPayload { clipPlan { version } }\n      ... on VersionConflictError { currentVersion message }\n      ... on ValidationError { clipIndex message }\n      ... on Error { message }\n    }\n  }\n"): (typeof documents)["\n  mutation UpdatePlan($input: UpdateClipPlanInput!) {\n    updateClipPlan(input: $input) {\n      __typename\n      ... on UpdateClipPlanPayload { clipPlan { version } }\n      ... on VersionConflictError { currentVersion message }\n      ... on ValidationError { clipIndex message }\n      ... on Error { message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Approve($batchId: ID!, $expectedVersion: Int!) {\n    approveClipPlan(batchId: $batchId, expectedVersion: $expectedVersion) { __typename ... on Error { message } }\n  }\n"): (typeof documents)["\n  mutation Approve($batchId: ID!, $expectedVersion: Int!) {\n    approveClipPlan(batchId: $batchId, expectedVersion: $expectedVersion) { __typename ... on Error { message } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Regenerate($batchId: ID!, $customPrompt: String) {\n    regenerateClipPlan(batchId: $batchId, customPrompt: $customPrompt) { __typename ... on Error { message } }\n  }\n"): (typeof documents)["\n  mutation Regenerate($batchId: ID!, $customPrompt: String) {\n    regenerateClipPlan(batchId: $batchId, customPrompt: $customPrompt) { __typename ... on Error { message } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Cancel($id: ID!) { cancelBatch(id: $id) { __typename ... on Error { message } } }\n"): (typeof documents)["\n  mutation Cancel($id: ID!) { cancelBatch(id: $id) { __typename ... on Error { message } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Retry($id: ID!) { retryBatch(id: $id) { __typename ... on Error { message } } }\n"): (typeof documents)["\n  mutation Retry($id: ID!) { retryBatch(id: $id) { __typename ... on Error { message } } }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;