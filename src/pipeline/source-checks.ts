/** The creation-time checks of sources and webhook URLs, wired to the source modules and the address policy. */
import { checkSourceAtCreation } from '../sources/validate-source.js';
import { checkWebhookUrl } from '../webhooks/validate-webhook-url.js';
import type { SourceChecks } from './batch-input.js';

/** Real checks: filesystem for LOCAL, URL syntax and host policy for URL and OSS, webhook URL policy. */
export const sourceChecks: SourceChecks = {
  async checkSource(source, config) {
    const problem = await checkSourceAtCreation(source, config);
    return problem ? { field: problem.field, message: problem.message } : null;
  },
  checkWebhookUrl: (url, config) => checkWebhookUrl(url, config.allowPrivateUrls),
};
