/** The rule for the final video's signed URL, shared by the upload stage, the API and the webhooks. */

/**
 * Lifetime of the final video's signed URL: 7 days, the longest an OSS V4
 * signed URL may live. After that a client asks the API again for a fresh one.
 */
export const FINAL_URL_EXPIRY_SECONDS = 7 * 86_400;
