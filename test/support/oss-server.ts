/**
 * A local Aliyun OSS server for tests that unmodified ali-oss 6.23 talks to
 * (Aliyun's documented OSS REST wire format). It checks what the real service
 * checks: V1 and V4 signatures (header and query), signed-URL expiry, clock
 * skew and Content-MD5, and answers with OSS's XML shapes and error codes.
 *
 * Point ali-oss at it with `{ endpoint, sldEnable: true, bucket, accessKeyId, accessKeySecret }`
 * (path style). Virtual-host style (`Host: bkt.…`) is understood too.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One stored object. */
export interface OssObject {
  bucket: string;
  key: string;
  body: Buffer;
  contentType: string;
  etag: string;
  lastModified: Date;
  type: 'Normal' | 'Multipart';
}

/** One request as the server saw it. */
export interface RecordedOssRequest {
  method: string;
  url: string;
  bucket: string | null;
  key: string;
  headers: http.IncomingHttpHeaders;
  auth: 'v1-header' | 'v1-query' | 'v4-header' | 'v4-query' | 'anonymous';
  status: number;
  errorCode: string | null;
}

/** A multipart upload in progress. */
export interface OssUpload {
  bucket: string;
  key: string;
  initiated: Date;
  parts: Map<number, { etag: string; body: Buffer }>;
}

/** Options for {@link startOssServer}. */
export interface OssServerOptions {
  accessKeyId?: string;
  accessKeySecret?: string;
  buckets?: string[];
  /** When set, V4 credentials must name this region (e.g. `cn-hangzhou`); otherwise any region is accepted. */
  region?: string;
  /** Buckets whose ACL is public-read: GET and HEAD need no signature there (everything else still does). */
  publicReadBuckets?: string[];
}

/** A running server. `objects` is keyed by `${bucket}/${key}`. */
export interface OssServer {
  endpoint: string;
  port: number;
  objects: Map<string, OssObject>;
  uploads: Map<string, OssUpload>;
  lifecycles: Map<string, string>;
  requests: RecordedOssRequest[];
  /** Seeds an object directly (no request). */
  putObject(bucket: string, key: string, body: Buffer | string, contentType?: string): OssObject;
  /** Moves the server's clock forward (object ages, URL expiry, lifecycle); clock-skew checks keep real time. */
  advanceTime(seconds: number): void;
  /** The server's current time. */
  now(): Date;
  /** Applies every enabled lifecycle rule once; returns the `${bucket}/${key}` of deleted objects. */
  runLifecycle(): string[];
  /** Makes the next request that `match`es fail with an OSS error (once), after authentication. */
  injectFault(match: (req: { method: string; key: string; query: URLSearchParams }) => boolean, status: number, code: string): void;
  close(): Promise<void>;
}

const SUB_RESOURCES = new Set(
  (
    'acl uploads location cors logging website referer lifecycle delete append tagging objectMeta uploadId ' +
    'partNumber security-token position restore versions versioning versionId continuation-token x-oss-process ' +
    'x-oss-traffic-limit callback callback-var response-content-type response-content-language response-expires ' +
    'response-cache-control response-content-disposition response-content-encoding bucketInfo stat'
  ).split(' '),
);

const MAX_SKEW_MS = 15 * 60 * 1000;
const MIN_PART_BYTES = 100 * 1024;

class OssFault extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly emptyBody = false,
  ) {
    super(message);
  }
}

function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

function xmlUnescape(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
    .replace(/&amp;/g, '&');
}

/** All `<tag>…</tag>` inner texts, in order. */
function tags(xml: string, tag: string): string[] {
  const re = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g');
  return [...xml.matchAll(re)].map((m) => m[1] ?? '');
}

function hmac(key: crypto.BinaryLike, data: string): Buffer {
  return crypto.createHmac('sha256', key).update(data).digest();
}

/** ali-oss's encodeString: RFC 3986 (encodeURIComponent plus !'()*). */
function rfc3986(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

function md5(body: Buffer): Buffer {
  return crypto.createHash('md5').update(body).digest();
}

function header(req: http.IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}

/** Parses `yyyymmddTHHMMSSZ`. */
function parseV4Date(s: string): Date {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  if (!m) throw new OssFault(403, 'AccessDenied', `invalid x-oss-date ${s}`);
  return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
}

/** Starts the server on localhost with a random port. */
export async function startOssServer(options: OssServerOptions = {}): Promise<OssServer> {
  const accessKeyId = options.accessKeyId ?? 'test';
  const accessKeySecret = options.accessKeySecret ?? 'test';
  const buckets = new Set(options.buckets ?? ['test-bucket']);
  const objects = new Map<string, OssObject>();
  const uploads = new Map<string, OssUpload>();
  const lifecycles = new Map<string, string>();
  const requests: RecordedOssRequest[] = [];
  let offsetMs = 0;
  const faults: Array<{ match: Parameters<OssServer['injectFault']>[0]; status: number; code: string }> = [];
  const now = (): Date => new Date(Date.now() + offsetMs);

  const store = (bucket: string, key: string, body: Buffer, contentType: string, etag?: string, type: OssObject['type'] = 'Normal'): OssObject => {
    const obj: OssObject = {
      bucket,
      key,
      body,
      contentType,
      etag: etag ?? `"${md5(body).toString('hex').toUpperCase()}"`,
      lastModified: now(),
      type,
    };
    objects.set(`${bucket}/${key}`, obj);
    return obj;
  };

  /** Canonical V1 resource: `/bucket/key` plus the signed sub-resources, raw values. */
  const v1Resource = (bucket: string | null, key: string, query: URLSearchParams, skip: Set<string>): string => {
    const subs = [...query.keys()].filter((k) => SUB_RESOURCES.has(k) && !skip.has(k)).sort();
    const base = bucket ? `/${bucket}/${key}` : '/';
    if (!subs.length) return base;
    return `${base}?${subs.map((k) => (query.get(k) ? `${k}=${query.get(k)}` : k)).join('&')}`;
  };

  const v1StringToSign = (req: http.IncomingMessage, dateSlot: string, resource: string): string => {
    const ossHeaders = Object.keys(req.headers)
      .filter((h) => h.startsWith('x-oss-'))
      .sort()
      .map((h) => `${h}:${String(header(req, h)).trim()}`);
    return [req.method ?? 'GET', header(req, 'content-md5') ?? '', header(req, 'content-type') ?? '', dateSlot, ...ossHeaders, resource].join('\n');
  };

  const v4Signature = (
    req: http.IncomingMessage,
    bucket: string | null,
    key: string,
    query: [string, string][],
    date: string,
    region: string,
    additional: string[],
  ): string => {
    // On the wire `?uploads=` (signed bare) and `?prefix=` (signed as `prefix=` by ali-oss) look alike; like
    // OSS we read an empty value as a bare key, so a V4 list with an empty prefix fails here as it would there.
    const canonicalQuery = [...query]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => (v === '' ? rfc3986(k) : `${rfc3986(k)}=${rfc3986(v)}`))
      .join('&');
    const signedHeaders = new Set(additional);
    for (const h of Object.keys(req.headers)) {
      if (h === 'content-type' || h === 'content-md5' || h.startsWith('x-oss-')) signedHeaders.add(h);
    }
    const canonicalHeaders = [...signedHeaders]
      .sort()
      .map((h) => `${h}:${String(header(req, h) ?? '').trim()}\n`)
      .join('');
    const uri = rfc3986(bucket ? `/${bucket}/${key}` : '/').replace(/%2F/g, '/');
    const canonical = [
      req.method ?? 'GET',
      uri,
      canonicalQuery,
      canonicalHeaders,
      additional.join(';'),
      header(req, 'x-oss-content-sha256') ?? 'UNSIGNED-PAYLOAD',
    ].join('\n');
    const day = date.slice(0, 8);
    const scope = `${day}/${region}/oss/aliyun_v4_request`;
    const stringToSign = ['OSS4-HMAC-SHA256', date, scope, crypto.createHash('sha256').update(canonical).digest('hex')].join('\n');
    let k = hmac(`aliyun_v4${accessKeySecret}`, day);
    k = hmac(k, region);
    k = hmac(k, 'oss');
    k = hmac(k, 'aliyun_v4_request');
    return crypto.createHmac('sha256', k).update(stringToSign).digest('hex');
  };

  const checkCredential = (credential: string): { day: string; region: string } => {
    const [ak, day, region, product, terminator] = credential.split('/');
    if (ak !== accessKeyId) throw new OssFault(403, 'InvalidAccessKeyId', 'The OSS Access Key Id you provided does not exist in our records.');
    if (!day || !region || product !== 'oss' || terminator !== 'aliyun_v4_request') {
      throw new OssFault(400, 'InvalidArgument', `invalid credential ${credential}`);
    }
    if (options.region && region !== options.region) {
      throw new OssFault(400, 'InvalidArgument', `Invalid signing region in Authorization header: ${region}`);
    }
    return { day, region };
  };

  const checkSkew = (date: Date): void => {
    if (Number.isNaN(date.getTime()) || Math.abs(date.getTime() - Date.now()) > MAX_SKEW_MS) {
      throw new OssFault(403, 'RequestTimeTooSkewed', 'The difference between the request time and the current time is too large.');
    }
  };

  const signatureMismatch = (): OssFault =>
    new OssFault(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.');

  /** Verifies the request's signature; returns which scheme it used. */
  const authenticate = (req: http.IncomingMessage, url: URL, bucket: string | null, key: string): RecordedOssRequest['auth'] => {
    const q = url.searchParams;
    const authz = header(req, 'authorization');
    if (authz?.startsWith('OSS ')) {
      const m = /^OSS ([^:]+):(.+)$/.exec(authz);
      if (!m) throw new OssFault(400, 'InvalidArgument', 'malformed Authorization');
      if (m[1] !== accessKeyId) throw new OssFault(403, 'InvalidAccessKeyId', 'The OSS Access Key Id you provided does not exist in our records.');
      const dateSlot = header(req, 'x-oss-date') ?? header(req, 'date') ?? '';
      checkSkew(new Date(dateSlot));
      const expected = crypto
        .createHmac('sha1', accessKeySecret)
        .update(v1StringToSign(req, dateSlot, v1Resource(bucket, key, q, new Set())))
        .digest('base64');
      if (!safeEqual(expected, m[2]!)) throw signatureMismatch();
      return 'v1-header';
    }
    if (authz?.startsWith('OSS4-HMAC-SHA256 ')) {
      const fields = Object.fromEntries(
        authz
          .slice('OSS4-HMAC-SHA256 '.length)
          .split(',')
          .map((p) => p.trim().split('=') as [string, string]),
      );
      const { region } = checkCredential(fields.Credential ?? '');
      const date = header(req, 'x-oss-date') ?? '';
      checkSkew(parseV4Date(date));
      const additional = fields.AdditionalHeaders ? String(fields.AdditionalHeaders).split(';') : [];
      const expected = v4Signature(req, bucket, key, [...q.entries()], date, region, additional);
      if (!safeEqual(expected, fields.Signature ?? '')) throw signatureMismatch();
      return 'v4-header';
    }
    if (q.get('x-oss-signature-version') === 'OSS4-HMAC-SHA256') {
      const { region } = checkCredential(q.get('x-oss-credential') ?? '');
      const date = q.get('x-oss-date') ?? '';
      const expires = Number(q.get('x-oss-expires'));
      if (parseV4Date(date).getTime() + expires * 1000 < now().getTime()) {
        throw new OssFault(403, 'AccessDenied', 'Request has expired.');
      }
      const additional = q.get('x-oss-additional-headers')?.split(';') ?? [];
      const params = [...q.entries()].filter(([k]) => k !== 'x-oss-signature');
      const expected = v4Signature(req, bucket, key, params, date, region, additional);
      if (!safeEqual(expected, q.get('x-oss-signature') ?? '')) throw signatureMismatch();
      return 'v4-query';
    }
    if (q.has('OSSAccessKeyId')) {
      if (q.get('OSSAccessKeyId') !== accessKeyId) throw new OssFault(403, 'InvalidAccessKeyId', 'The OSS Access Key Id you provided does not exist in our records.');
      const expires = q.get('Expires') ?? '';
      if (!/^\d+$/.test(expires) || Number(expires) * 1000 < now().getTime()) {
        throw new OssFault(403, 'AccessDenied', 'Request has expired.');
      }
      const resource = v1Resource(bucket, key, q, new Set(['OSSAccessKeyId', 'Expires', 'Signature']));
      const expected = crypto.createHmac('sha1', accessKeySecret).update(v1StringToSign(req, expires, resource)).digest('base64');
      if (!safeEqual(expected, q.get('Signature') ?? '')) throw signatureMismatch();
      return 'v1-query';
    }
    if (bucket && options.publicReadBuckets?.includes(bucket) && (req.method === 'GET' || req.method === 'HEAD') && key) return 'anonymous';
    throw new OssFault(403, 'AccessDenied', 'You have no right to access this object because of bucket acl.');
  };

  /** Which bucket and key a request addresses: virtual host first, then path style. */
  const address = (req: http.IncomingMessage, url: URL): { bucket: string | null; key: string } => {
    const host = (header(req, 'host') ?? '').replace(/:\d+$/, '');
    const path = url.pathname.slice(1);
    for (const b of buckets) {
      if (host.startsWith(`${b}.`)) return { bucket: b, key: decodeURIComponent(path) };
    }
    const slash = path.indexOf('/');
    const bucket = decodeURIComponent(slash < 0 ? path : path.slice(0, slash));
    const key = slash < 0 ? '' : decodeURIComponent(path.slice(slash + 1));
    return { bucket: bucket || null, key };
  };

  const send = (res: http.ServerResponse, status: number, body: string | Buffer = '', headers: http.OutgoingHttpHeaders = {}): void => {
    const buf = typeof body === 'string' ? Buffer.from(body) : body;
    res.writeHead(status, { 'Content-Length': buf.length, ...headers });
    res.end(buf);
  };

  const sendXml = (res: http.ServerResponse, body: string, headers: http.OutgoingHttpHeaders = {}): void =>
    send(res, 200, `<?xml version="1.0" encoding="UTF-8"?>\n${body}`, { 'Content-Type': 'application/xml', ...headers });

  const objectHeaders = (obj: OssObject): http.OutgoingHttpHeaders => ({
    ETag: obj.etag,
    'Content-Type': obj.contentType,
    'Last-Modified': obj.lastModified.toUTCString(),
    'Accept-Ranges': 'bytes',
    'x-oss-object-type': obj.type,
  });

  const contentsXml = (o: OssObject, owner: boolean): string =>
    `<Contents><Key>${xmlEscape(o.key)}</Key><LastModified>${o.lastModified.toISOString()}</LastModified>` +
    `<ETag>${xmlEscape(o.etag)}</ETag><Type>${o.type}</Type><Size>${o.body.length}</Size><StorageClass>Standard</StorageClass>` +
    (owner ? `<Owner><ID>1000</ID><DisplayName>1000</DisplayName></Owner>` : '') +
    `</Contents>`;

  /** Keys and common prefixes after `after`, in order, up to `max`. */
  const listing = (bucket: string, prefix: string, after: string, delimiter: string, max: number) => {
    const keys = [...objects.values()]
      .filter((o) => o.bucket === bucket && o.key.startsWith(prefix) && o.key > after)
      .sort((a, b) => (a.key < b.key ? -1 : 1));
    const entries: Array<{ obj?: OssObject; prefix?: string; last: string }> = [];
    const seen = new Set<string>();
    for (const o of keys) {
      if (delimiter) {
        const rest = o.key.slice(prefix.length);
        const i = rest.indexOf(delimiter);
        if (i >= 0) {
          const p = prefix + rest.slice(0, i + delimiter.length);
          if (!seen.has(p)) {
            seen.add(p);
            entries.push({ prefix: p, last: p });
          }
          continue;
        }
      }
      entries.push({ obj: o, last: o.key });
    }
    const page = entries.slice(0, max);
    return { page, truncated: entries.length > max, next: page.at(-1)?.last ?? '' };
  };

  const maxKeys = (q: URLSearchParams): number => {
    const raw = q.get('max-keys');
    if (raw == null || raw === '') return 100;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0 || n > 1000) throw new OssFault(400, 'InvalidArgument', 'max-keys must be 0..1000');
    return n;
  };

  const bucketOp = (req: http.IncomingMessage, res: http.ServerResponse, bucket: string, q: URLSearchParams, body: Buffer): void => {
    const method = req.method;
    if (q.has('lifecycle')) {
      if (method === 'PUT') {
        lifecycles.set(bucket, body.toString('utf8'));
        return send(res, 200);
      }
      if (method === 'GET') {
        const xml = lifecycles.get(bucket);
        if (!xml) throw new OssFault(404, 'NoSuchLifecycle', 'No Row found in Lifecycle Table.');
        return send(res, 200, xml, { 'Content-Type': 'application/xml' });
      }
      if (method === 'DELETE') {
        lifecycles.delete(bucket);
        return send(res, 204);
      }
    }
    if (method === 'POST' && q.has('delete')) {
      const xml = body.toString('utf8');
      const quiet = tags(xml, 'Quiet')[0] === 'true';
      const keys = tags(xml, 'Key').map(xmlUnescape);
      if (keys.length > 1000) throw new OssFault(400, 'MalformedXML', 'at most 1000 keys');
      for (const k of keys) objects.delete(`${bucket}/${k}`);
      const deleted = quiet ? '' : keys.map((k) => `<Deleted><Key>${xmlEscape(k)}</Key></Deleted>`).join('');
      return sendXml(res, `<DeleteResult>${deleted}</DeleteResult>`);
    }
    if (method === 'GET' && q.has('bucketInfo')) {
      return sendXml(
        res,
        `<BucketInfo><Bucket><Name>${bucket}</Name><Location>oss-cn-hangzhou</Location><CreationDate>2024-01-01T00:00:00.000Z</CreationDate>` +
          `<StorageClass>Standard</StorageClass><Owner><ID>1000</ID><DisplayName>1000</DisplayName></Owner></Bucket></BucketInfo>`,
      );
    }
    if (method === 'GET' && q.has('uploads')) {
      const list = [...uploads.entries()]
        .filter(([, u]) => u.bucket === bucket)
        .map(([id, u]) => `<Upload><Key>${xmlEscape(u.key)}</Key><UploadId>${id}</UploadId><Initiated>${u.initiated.toISOString()}</Initiated></Upload>`)
        .join('');
      return sendXml(res, `<ListMultipartUploadsResult><Bucket>${bucket}</Bucket><IsTruncated>false</IsTruncated>${list}</ListMultipartUploadsResult>`);
    }
    if (method === 'GET') {
      const prefix = q.get('prefix') ?? '';
      const delimiter = q.get('delimiter') ?? '';
      const max = maxKeys(q);
      const v2 = q.get('list-type') === '2';
      const token = q.get('continuation-token') ?? '';
      const after = v2 ? (token ? Buffer.from(token, 'base64url').toString('utf8') : (q.get('start-after') ?? '')) : (q.get('marker') ?? '');
      const { page, truncated, next } = listing(bucket, prefix, after, delimiter, max);
      const contents = page.filter((e) => e.obj).map((e) => contentsXml(e.obj!, !v2 || q.get('fetch-owner') === 'true'));
      const prefixes = page.filter((e) => e.prefix).map((e) => `<CommonPrefixes><Prefix>${xmlEscape(e.prefix!)}</Prefix></CommonPrefixes>`);
      const head =
        `<Name>${bucket}</Name><Prefix>${xmlEscape(prefix)}</Prefix><MaxKeys>${max}</MaxKeys><Delimiter>${xmlEscape(delimiter)}</Delimiter>` +
        `<IsTruncated>${truncated}</IsTruncated>`;
      const paging = v2
        ? `<KeyCount>${page.length}</KeyCount>` +
          (token ? `<ContinuationToken>${xmlEscape(token)}</ContinuationToken>` : '') +
          (truncated ? `<NextContinuationToken>${Buffer.from(next).toString('base64url')}</NextContinuationToken>` : '')
        : `<Marker>${xmlEscape(after)}</Marker>` + (truncated ? `<NextMarker>${xmlEscape(next)}</NextMarker>` : '');
      return sendXml(res, `<ListBucketResult>${head}${paging}${contents.join('')}${prefixes.join('')}</ListBucketResult>`);
    }
    throw new OssFault(405, 'MethodNotAllowed', `${method} on a bucket is not supported here`);
  };

  const objectOp = (req: http.IncomingMessage, res: http.ServerResponse, bucket: string, key: string, q: URLSearchParams, body: Buffer): void => {
    const method = req.method;
    const id = `${bucket}/${key}`;
    const uploadId = q.get('uploadId');
    const upload = uploadId ? uploads.get(uploadId) : undefined;
    if (uploadId && (!upload || upload.bucket !== bucket || upload.key !== key)) {
      throw new OssFault(404, 'NoSuchUpload', 'The specified upload does not exist.');
    }
    if (method === 'POST' && q.has('uploads')) {
      const newId = crypto.randomBytes(16).toString('hex').toUpperCase();
      uploads.set(newId, { bucket, key, initiated: now(), parts: new Map() });
      return sendXml(
        res,
        `<InitiateMultipartUploadResult><Bucket>${bucket}</Bucket><Key>${xmlEscape(key)}</Key><UploadId>${newId}</UploadId></InitiateMultipartUploadResult>`,
      );
    }
    if (method === 'PUT' && upload) {
      const n = Number(q.get('partNumber'));
      if (!Number.isInteger(n) || n < 1 || n > 10000) throw new OssFault(400, 'InvalidArgument', 'partNumber must be 1..10000');
      const etag = `"${md5(body).toString('hex').toUpperCase()}"`;
      upload.parts.set(n, { etag, body });
      return send(res, 200, '', { ETag: etag });
    }
    if (method === 'POST' && upload) {
      const parts = tags(body.toString('utf8'), 'Part').map((p) => ({
        n: Number(tags(p, 'PartNumber')[0]),
        etag: xmlUnescape(tags(p, 'ETag')[0] ?? ''),
      }));
      if (!parts.length) throw new OssFault(400, 'MalformedXML', 'no parts');
      const bodies: Buffer[] = [];
      const digests: Buffer[] = [];
      parts.forEach((p, i) => {
        const stored = upload.parts.get(p.n);
        if (!stored || stored.etag.replace(/"/g, '').toUpperCase() !== p.etag.replace(/"/g, '').toUpperCase()) {
          throw new OssFault(400, 'InvalidPart', `part ${p.n} was not uploaded or its ETag does not match`);
        }
        if (i > 0 && p.n <= parts[i - 1]!.n) throw new OssFault(400, 'InvalidPartOrder', 'parts must be in ascending order');
        if (i < parts.length - 1 && stored.body.length < MIN_PART_BYTES) {
          throw new OssFault(400, 'EntityTooSmall', `part ${p.n} is smaller than 100 KB`);
        }
        bodies.push(stored.body);
        digests.push(md5(stored.body));
      });
      const etag = `"${md5(Buffer.concat(digests)).toString('hex').toUpperCase()}-${parts.length}"`;
      const contentType = objects.get(id)?.contentType ?? 'application/octet-stream';
      store(bucket, key, Buffer.concat(bodies), contentType, etag, 'Multipart');
      uploads.delete(uploadId!);
      return sendXml(
        res,
        `<CompleteMultipartUploadResult><Location>/${bucket}/${xmlEscape(key)}</Location><Bucket>${bucket}</Bucket>` +
          `<Key>${xmlEscape(key)}</Key><ETag>${etag}</ETag></CompleteMultipartUploadResult>`,
        { ETag: etag },
      );
    }
    if (method === 'DELETE' && upload) {
      uploads.delete(uploadId!);
      return send(res, 204);
    }
    if (method === 'PUT') {
      const obj = store(bucket, key, body, header(req, 'content-type') ?? 'application/octet-stream');
      return send(res, 200, '', { ETag: obj.etag });
    }
    if (method === 'DELETE') {
      objects.delete(id);
      return send(res, 204);
    }
    const obj = objects.get(id);
    if (method === 'HEAD') {
      if (!obj) throw new OssFault(404, 'NoSuchKey', 'The specified key does not exist.', true);
      res.writeHead(200, { ...objectHeaders(obj), 'Content-Length': obj.body.length });
      res.end();
      return;
    }
    if (method === 'GET') {
      if (!obj) throw new OssFault(404, 'NoSuchKey', 'The specified key does not exist.');
      const range = /^bytes=(\d*)-(\d*)$/.exec(header(req, 'range') ?? '');
      const size = obj.body.length;
      if (range && (range[1] || range[2])) {
        let start: number;
        let end: number;
        if (range[1] === '') {
          start = Math.max(0, size - Number(range[2]));
          end = size - 1;
        } else {
          start = Number(range[1]);
          end = range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
        }
        if (start >= size) throw new OssFault(416, 'InvalidRange', 'The requested range cannot be satisfied.');
        if (start <= end) {
          return send(res, 206, obj.body.subarray(start, end + 1), {
            ...objectHeaders(obj),
            'Content-Range': `bytes ${start}-${end}/${size}`,
          });
        }
      }
      return send(res, 200, obj.body, objectHeaders(obj));
    }
    throw new OssFault(405, 'MethodNotAllowed', `${method} is not supported here`);
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const requestId = crypto.randomBytes(12).toString('hex').toUpperCase();
      res.setHeader('x-oss-request-id', requestId);
      res.setHeader('Server', 'AliyunOSS');
      const record: RecordedOssRequest = {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        bucket: null,
        key: '',
        headers: req.headers,
        auth: 'anonymous',
        status: 0,
        errorCode: null,
      };
      requests.push(record);
      try {
        const { bucket, key } = address(req, url);
        record.bucket = bucket;
        record.key = key;
        record.auth = authenticate(req, url, bucket, key);
        const body = Buffer.concat(chunks);
        const contentMd5 = header(req, 'content-md5');
        if (contentMd5 && md5(body).toString('base64') !== contentMd5) {
          throw new OssFault(400, 'InvalidDigest', 'The Content-MD5 you specified was invalid.');
        }
        const faultIndex = faults.findIndex((f) => f.match({ method: record.method, key, query: url.searchParams }));
        if (faultIndex >= 0) {
          const [fault] = faults.splice(faultIndex, 1);
          throw new OssFault(fault!.status, fault!.code, 'injected fault');
        }
        if (!bucket) throw new OssFault(400, 'InvalidArgument', 'this server only serves bucket requests');
        if (!buckets.has(bucket)) throw new OssFault(404, 'NoSuchBucket', 'The specified bucket does not exist.');
        if (key === '') bucketOp(req, res, bucket, url.searchParams, body);
        else objectOp(req, res, bucket, key, url.searchParams, body);
      } catch (err) {
        const f = err instanceof OssFault ? err : new OssFault(500, 'InternalError', String(err));
        record.errorCode = f.code;
        if (f.emptyBody || req.method === 'HEAD') {
          send(res, f.status);
        } else {
          send(
            res,
            f.status,
            `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${f.code}</Code><Message>${xmlEscape(f.message)}</Message>` +
              `<RequestId>${requestId}</RequestId><HostId>localhost</HostId></Error>`,
            { 'Content-Type': 'application/xml' },
          );
        }
      } finally {
        record.status = res.statusCode;
      }
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, 'localhost', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  const runLifecycle = (): string[] => {
    const removed: string[] = [];
    for (const [bucket, xml] of lifecycles) {
      for (const rule of tags(xml, 'Rule')) {
        if (tags(rule, 'Status')[0] !== 'Enabled') continue;
        const prefix = xmlUnescape(tags(rule, 'Prefix')[0] ?? '');
        const expireDays = Number(tags(tags(rule, 'Expiration')[0] ?? '', 'Days')[0]);
        const abortDays = Number(tags(tags(rule, 'AbortMultipartUpload')[0] ?? '', 'Days')[0]);
        const cutoff = (days: number): number => now().getTime() - days * 86_400_000;
        if (expireDays > 0) {
          for (const [id, o] of objects) {
            if (o.bucket === bucket && o.key.startsWith(prefix) && o.lastModified.getTime() <= cutoff(expireDays)) {
              objects.delete(id);
              removed.push(id);
            }
          }
        }
        if (abortDays > 0) {
          for (const [id, u] of uploads) {
            if (u.bucket === bucket && u.key.startsWith(prefix) && u.initiated.getTime() <= cutoff(abortDays)) uploads.delete(id);
          }
        }
      }
    }
    return removed;
  };

  return {
    endpoint: `http://localhost:${port}`,
    port,
    objects,
    uploads,
    lifecycles,
    requests,
    putObject: (bucket, key, body, contentType = 'application/octet-stream') =>
      store(bucket, key, typeof body === 'string' ? Buffer.from(body) : body, contentType),
    advanceTime: (seconds) => {
      offsetMs += seconds * 1000;
    },
    now,
    runLifecycle,
    injectFault: (match, status, code) => {
      faults.push({ match, status, code });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
