/**
 * DashScope's temporary file upload (Model Studio, "upload a local file to get
 * a temporary URL"): ask `GET /api/v1/uploads?action=getPolicy&model=…` for a
 * one-time OSS form policy, POST the file to the returned host as a form
 * upload, and use `oss://{upload_dir}/{name}` in a call to the same model with
 * the header `X-DashScope-OssResourceResolve: enable`. The file lives 48 hours,
 * is bound to the model and the account, and only the China (Beijing) region
 * offers it. It lets Paraformer hear a video's audio when our own storage has
 * no address the service can reach.
 */
import { openAsBlob } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { withRetry, type RetryOptions } from '../retry.js';
import { DashScopeHttpError } from './paraformer-client.js';

/** The header that makes DashScope resolve an `oss://` URL from its temporary storage. */
export const OSS_RESOLVE_HEADER = 'X-DashScope-OssResourceResolve';

/** The policy `getPolicy` answers with (the fields the form upload needs). */
export interface UploadPolicy {
  upload_host: string;
  upload_dir: string;
  oss_access_key_id: string;
  signature: string;
  policy: string;
  x_oss_object_acl: string;
  x_oss_forbid_overwrite: string;
  /** The model's file size limit, when the service states it. */
  max_file_size_mb?: number;
}

/** How to reach the service. */
export interface UploadOptions {
  /** DashScope's native API root, e.g. https://dashscope.aliyuncs.com */
  baseUrl: string;
  apiKey: string;
  /** The model that will read the file (files are bound to it). */
  model: string;
  retry: RetryOptions;
  fetch?: typeof fetch;
}

const FIELDS = ['upload_host', 'upload_dir', 'oss_access_key_id', 'signature', 'policy', 'x_oss_object_acl', 'x_oss_forbid_overwrite'] as const;

/** Asks for an upload policy; throws when the answer lacks a field the form needs. */
export async function getUploadPolicy(options: UploadOptions, signal?: AbortSignal): Promise<UploadPolicy> {
  const doFetch = options.fetch ?? fetch;
  const url = `${options.baseUrl}/api/v1/uploads?action=getPolicy&model=${encodeURIComponent(options.model)}`;
  const body = await withRetry(
    async () => {
      const res = await doFetch(url, { headers: { authorization: `Bearer ${options.apiKey}` }, signal });
      const text = await res.text();
      if (!res.ok) throw new DashScopeHttpError(`DashScope upload policy answered ${res.status}: ${text.slice(0, 300)}`, res.status, res.headers);
      return JSON.parse(text) as { data?: Partial<UploadPolicy> };
    },
    { ...options.retry, signal },
  );
  const data = body.data ?? {};
  const missing = FIELDS.filter((f) => typeof data[f] !== 'string' || !data[f]);
  if (missing.length) throw new Error(`DashScope's upload policy lacks ${missing.join(', ')}`);
  return data as UploadPolicy;
}

/** Uploads one file and returns its `oss://` URL (valid 48 hours, for `options.model` only). */
export async function uploadTemporaryFile(filePath: string, options: UploadOptions, signal?: AbortSignal): Promise<string> {
  const policy = await getUploadPolicy(options, signal);
  const size = (await stat(filePath)).size;
  if (policy.max_file_size_mb && size > policy.max_file_size_mb * 1024 * 1024) {
    throw new Error(`the audio is ${(size / 1048576).toFixed(1)} MB; DashScope's temporary upload takes at most ${policy.max_file_size_mb} MB for ${options.model}`);
  }
  const key = `${policy.upload_dir.replace(/\/+$/, '')}/${path.basename(filePath)}`;
  const form = new FormData();
  form.set('OSSAccessKeyId', policy.oss_access_key_id);
  form.set('Signature', policy.signature);
  form.set('policy', policy.policy);
  form.set('x-oss-object-acl', policy.x_oss_object_acl);
  form.set('x-oss-forbid-overwrite', policy.x_oss_forbid_overwrite);
  form.set('key', key);
  form.set('success_action_status', '200');
  // OSS reads the form fields up to the file: it must come last.
  form.set('file', await openAsBlob(filePath), path.basename(filePath));
  const res = await (options.fetch ?? fetch)(policy.upload_host, { method: 'POST', body: form, signal });
  if (!res.ok) throw new DashScopeHttpError(`DashScope's temporary storage refused the upload (${res.status}): ${(await res.text()).slice(0, 300)}`, res.status, res.headers);
  return `oss://${key}`;
}
