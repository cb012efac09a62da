
      export type PossibleTypesResultData = {
  "possibleTypes": {
    "ApproveClipPlanResult": [
      "ApproveClipPlanPayload",
      "InvalidStateError",
      "NotFoundError",
      "ValidationError",
      "VersionConflictError"
    ],
    "CancelBatchResult": [
      "CancelBatchPayload",
      "InvalidStateError",
      "NotFoundError"
    ],
    "CreateBatchResult": [
      "CreateBatchPayload",
      "ValidationError"
    ],
    "Error": [
      "InvalidStateError",
      "NotFoundError",
      "ValidationError",
      "VersionConflictError"
    ],
    "EstimateBatchResult": [
      "BatchEstimate",
      "InvalidStateError",
      "ValidationError"
    ],
    "Node": [
      "Batch",
      "Clip",
      "ClipPlan",
      "Render",
      "Video"
    ],
    "RegenerateClipPlanResult": [
      "InvalidStateError",
      "NotFoundError",
      "RegenerateClipPlanPayload",
      "ValidationError"
    ],
    "RetryBatchResult": [
      "InvalidStateError",
      "NotFoundError",
      "RetryBatchPayload"
    ],
    "ThumbnailStripResult": [
      "InvalidStateError",
      "ThumbnailStrip",
      "ValidationError"
    ],
    "UpdateClipPlanResult": [
      "InvalidStateError",
      "NotFoundError",
      "UpdateClipPlanPayload",
      "ValidationError",
      "VersionConflictError"
    ]
  }
};
      const result: PossibleTypesResultData = {
  "possibleTypes": {
    "ApproveClipPlanResult": [
      "ApproveClipPlanPayload",
      "InvalidStateError",
      "NotFoundError",
      "ValidationError",
      "VersionConflictError"
    ],
    "CancelBatchResult": [
      "CancelBatchPayload",
      "InvalidStateError",
      "NotFoundError"
    ],
    "CreateBatchResult": [
      "CreateBatchPayload",
      "ValidationError"
    ],
    "Error": [
      "InvalidStateError",
      "NotFoundError",
      "ValidationError",
      "VersionConflictError"
    ],
    "EstimateBatchResult": [
      "BatchEstimate",
      "InvalidStateError",
      "ValidationError"
    ],
    "Node": [
      "Batch",
      "Clip",
      "ClipPlan",
      "Render",
      "Video"
    ],
    "RegenerateClipPlanResult": [
      "InvalidStateError",
      "NotFoundError",
      "RegenerateClipPlanPayload",
      "ValidationError"
    ],
    "RetryBatchResult": [
      "InvalidStateError",
      "NotFoundError",
      "RetryBatchPayload"
    ],
    "ThumbnailStripResult": [
      "InvalidStateError",
      "ThumbnailStrip",
      "ValidationError"
    ],
    "UpdateClipPlanResult": [
      "InvalidStateError",
      "NotFoundError",
      "UpdateClipPlanPayload",
      "ValidationError",
      "VersionConflictError"
    ]
  }
};
      export default result;
    