/** Every GraphQL operation the app sends; codegen turns each into a typed document in ./gql. */
import { graphql } from './gql';

/** The list page: newest batches first. */
export const BatchListQuery = graphql(`
  query BatchList($first: Int, $after: String) {
    batches(first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id status progress createdAt isFinished customPrompt videos { id source } finalVideo { url } } }
    }
  }
`);

/** One live progress stream per unfinished batch on the list. */
export const BatchProgressSubscription = graphql(`
  subscription BatchProgress($batchId: ID!) {
    batchProgress(batchId: $batchId) { batchId status stage progress message }
  }
`);

/** The media-root picker. */
export const MediaFilesQuery = graphql(`
  query MediaFiles($first: Int, $after: String, $search: String) {
    mediaFiles(first: $first, after: $after, search: $search) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { path size } }
    }
  }
`);

/** Starts a batch. */
export const CreateBatchMutation = graphql(`
  mutation CreateBatch($input: CreateBatchInput!) {
    createBatch(input: $input) {
      __typename
      ... on CreateBatchPayload { batch { id } }
      ... on ValidationError { message field sourceIndex }
    }
  }
`);

/** Everything the batch page shows. */
export const BatchFields = graphql(`
  fragment BatchFields on Batch {
    id status progress currentStage error isFinished customPrompt autoApprove createdAt
    stages { stage status itemsDone itemsTotal message }
    videos {
      id index source sourceType status progress error durationSeconds fps width height
      compression { tempUrl }
      analysis { description highlights { start end label score } }
    }
    clipPlan { id version status theme totalDurationSeconds clips { id videoIndex start end reason } }
    renders { id planVersion status url durationSeconds createdAt error }
    finalVideo { url durationSeconds planVersion width height sizeBytes }
    usage { totalTokens estimatedCost }
  }
`);

/** The batch page's first load. */
export const BatchQuery = graphql(`
  query Batch($id: ID!) { batch(id: $id) { ...BatchFields } }
`);

/** The batch page's live state: the whole batch on every change. */
export const BatchUpdatedSubscription = graphql(`
  subscription BatchUpdated($id: ID!) { batchUpdated(id: $id) { ...BatchFields } }
`);

/** The thumbnail strips of a plan version's clips (asked once per version, not on every live update). */
export const ClipStripsQuery = graphql(`
  query ClipStrips($planId: ID!) {
    node(id: $planId) {
      ... on ClipPlan {
        id
        clips { id thumbnailStrip(frames: 6, height: 54) { __typename ... on ThumbnailStrip { url width height } } }
      }
    }
  }
`);

/** Saves an edited plan as a new version. */
export const UpdatePlanMutation = graphql(`
  mutation UpdatePlan($input: UpdateClipPlanInput!) {
    updateClipPlan(input: $input) {
      __typename
      ... on UpdateClipPlanPayload { clipPlan { version } }
      ... on VersionConflictError { currentVersion message }
      ... on ValidationError { clipIndex message }
      ... on Error { message }
    }
  }
`);

/** Approves a plan version. */
export const ApproveMutation = graphql(`
  mutation Approve($batchId: ID!, $expectedVersion: Int!) {
    approveClipPlan(batchId: $batchId, expectedVersion: $expectedVersion) { __typename ... on Error { message } }
  }
`);

/** Drafts a new plan from the stored analyses. */
export const RegenerateMutation = graphql(`
  mutation Regenerate($batchId: ID!, $customPrompt: String) {
    regenerateClipPlan(batchId: $batchId, customPrompt: $customPrompt) { __typename ... on Error { message } }
  }
`);

/** Stops a batch. */
export const CancelMutation = graphql(`
  mutation Cancel($id: ID!) { cancelBatch(id: $id) { __typename ... on Error { message } } }
`);

/** Resumes a failed or cancelled batch. */
export const RetryMutation = graphql(`
  mutation Retry($id: ID!) { retryBatch(id: $id) { __typename ... on Error { message } } }
`);
