/**
 * The example operations GraphiQL opens with, one tab each: the same ones
 * README.md walks through (a test keeps the two in step).
 */

/** README's examples, in README's order. */
export const GRAPHIQL_EXAMPLES: readonly string[] = [
  `mutation {
  createBatch(input: {
    sources: [{ type: LOCAL, path: "match.mp4" }, { type: LOCAL, path: "crowd.mov" }]
    customPrompt: "Focus on the goals"
  }) {
    __typename
    ... on CreateBatchPayload { batch { id status } }
    ... on ValidationError { message field sourceIndex }
  }
}`,
  `subscription {
  batchProgress(batchId: "QmF0Y2g6…") {
    status stage progress videoIndex itemsDone itemsTotal message at
  }
}`,
  `query { batch(id: "QmF0Y2g6…") { status clipPlan { version theme clips { videoIndex start end reason } } } }`,
  `mutation {
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
  `mutation { approveClipPlan(batchId: "QmF0Y2g6…", expectedVersion: 2) { __typename ... on Error { message } } }`,
];
