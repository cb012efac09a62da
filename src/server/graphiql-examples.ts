/**
 * The example operations GraphiQL opens with, one tab each: the same ones
 * README.md walks through (a test keeps the two in step).
 */

/** README's examples, in README's order. */
export const GRAPHIQL_EXAMPLES: readonly string[] = [
  `mutation CreateBatch {
  createBatch(input: {
    sources: [{ type: LOCAL, path: "match.mp4" }, { type: LOCAL, path: "crowd.mov" }]
    customPrompt: "Focus on the goals"
  }) {
    __typename
    ... on CreateBatchPayload { batch { id status } }
    ... on ValidationError { message field sourceIndex }
  }
}`,
  `subscription FollowBatch {
  batchProgress(batchId: "QmF0Y2g6…") {
    status stage progress videoIndex itemsDone itemsTotal message at
  }
}`,
  `query ReadPlan { batch(id: "QmF0Y2g6…") { status clipPlan { version theme clips { videoIndex start end reason } } } }`,
  `mutation EditPlan {
  updateClipPlan(input: {
    batchId: "QmF0Y2g6…", expectedVersion: 1, theme: "Goals first"
    clips: [{ videoIndex: 1, start: 30, end: 50.5, reason: "crowd" }, { videoIndex: 0, start: 125.5, end: 145.2, reason: "goal" }]
  }) {
    __typename
    ... on UpdateClipPlanPayload { clipPlan { version } }
    ... on VersionConflictError { currentVersion message }
    ... on ValidationError { clipIndex message }
  }
}`,
  `mutation ApprovePlan { approveClipPlan(batchId: "QmF0Y2g6…", expectedVersion: 2) { __typename ... on Error { message } } }`,
  `query Estimate {
  estimateBatch(input: { sources: [{ type: LOCAL, path: "match.mp4" }], targetDurationSeconds: 30, output: { aspect: PORTRAIT } }) {
    __typename
    ... on BatchEstimate { totalCost totalCostUncompressed promptTokens promptTokensUncompressed pricesAsOf calls { stage videoIndex promptTokens cost } }
    ... on ValidationError { message field sourceIndex }
  }
}`,
];
