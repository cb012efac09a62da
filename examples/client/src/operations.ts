/** The GraphQL documents the example client sends; `npm run client:generate` types them into ./gql. */
import { graphql } from './gql/index.js';

/** Creates a batch; the result is the new batch or a ValidationError naming the field at fault. */
export const CreateBatch = graphql(`
  mutation CreateBatch($input: CreateBatchInput!) {
    createBatch(input: $input) {
      __typename
      ... on CreateBatchPayload {
        batch {
          id
          status
          videos {
            index
            source
          }
        }
      }
      ... on ValidationError {
        field
        sourceIndex
      }
      ... on Error {
        message
      }
    }
  }
`);

/** Live progress of one batch; the first event is the current state, the stream ends at an end state. */
export const BatchProgress = graphql(`
  subscription BatchProgress($batchId: ID!) {
    batchProgress(batchId: $batchId) {
      status
      stage
      progress
      videoIndex
      itemsDone
      itemsTotal
      message
    }
  }
`);

/** The batch's plan (to approve the version the person saw) and, once done, the final video. */
export const Batch = graphql(`
  query Batch($id: ID!) {
    batch(id: $id) {
      id
      status
      error
      clipPlan {
        version
        status
        theme
        totalDurationSeconds
        clips {
          videoIndex
          start
          end
          reason
        }
      }
      finalVideo {
        url
        durationSeconds
        sizeBytes
        width
        height
      }
    }
  }
`);

/** Approves one plan version; refusals are typed errors (stale version, wrong state, unknown batch). */
export const ApproveClipPlan = graphql(`
  mutation ApproveClipPlan($batchId: ID!, $expectedVersion: Int!) {
    approveClipPlan(batchId: $batchId, expectedVersion: $expectedVersion) {
      __typename
      ... on ApproveClipPlanPayload {
        clipPlan {
          version
          status
        }
        batch {
          status
        }
      }
      ... on VersionConflictError {
        currentVersion
      }
      ... on InvalidStateError {
        status
      }
      ... on NotFoundError {
        id
      }
      ... on ValidationError {
        field
      }
      ... on Error {
        message
      }
    }
  }
`);
