/** The check a webhook URL gets when a batch is created: http(s) and the same address policy as downloads. */
import { checkUrlHost } from '../sources/validate-source.js';

/** Null when the URL may be used, else a message saying what to fix. */
export function checkWebhookUrl(url: string, allowPrivate: boolean): Promise<string | null> {
  return checkUrlHost(url, allowPrivate);
}
