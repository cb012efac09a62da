/** The one storage interface; `local-storage.ts` and `oss-storage.ts` implement it. */

/** An object's metadata. */
export interface StoredObject {
  key: string;
  sizeBytes: number;
  lastModified: Date;
}

/** Where temp and final videos go. Keys use `/` and never start with one. */
export interface Storage {
  readonly driver: 'local' | 'oss';
  /** True when signed URLs can be fetched from the internet (a remote model can read them). */
  readonly publicUrls: boolean;
  /** Uploads a local file (streamed; multipart when large). Retries are the caller's. */
  putFile(key: string, filePath: string, options?: { contentType?: string; signal?: AbortSignal }): Promise<StoredObject>;
  /** A GET URL valid for the given number of seconds. */
  signedUrl(key: string, expiresInSeconds: number): Promise<string>;
  /**
   * A PUT URL that accepts one body of at most `maxBytes` for exactly `key`
   * (remote workers return outputs with it). OSS cannot cap a presigned PUT's size.
   */
  signedUploadUrl(key: string, expiresInSeconds: number, maxBytes: number): Promise<string>;
  /** Removes one object; missing objects are not an error. */
  delete(key: string): Promise<void>;
  /** Removes every object under a prefix; returns how many. */
  deletePrefix(prefix: string): Promise<number>;
  /** Objects under a prefix. */
  list(prefix: string): Promise<StoredObject[]>;
  /** One object's metadata, or null when it does not exist. */
  stat(key: string): Promise<StoredObject | null>;
  /** Whether the backend answers, for /healthz. */
  check(): Promise<{ ok: boolean; message: string }>;
}
