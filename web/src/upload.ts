/** Resumable uploads to the server's tus endpoint (`/uploads`); tus-js-client loads only when a file is picked. */
import { authHeaders } from './token';

/** A finished upload: the id a LOCAL source's `path` takes. */
export interface Uploaded {
  id: string;
  name: string;
}

/** Uploads one file, reporting progress 0..1; resumes an interrupted upload of the same file. */
export async function uploadFile(file: File, token: string | null, onProgress: (fraction: number) => void): Promise<Uploaded> {
  const { Upload } = await import('tus-js-client');
  return new Promise((resolve, reject) => {
    const upload = new Upload(file, {
      endpoint: '/uploads',
      headers: authHeaders(token),
      chunkSize: 8 * 1024 * 1024,
      retryDelays: [0, 1000, 3000],
      metadata: { filename: file.name, filetype: file.type },
      onProgress: (sent, total) => onProgress(total ? sent / total : 0),
      onError: reject,
      onSuccess: () => {
        const last = (upload.url ?? '').split('/').pop();
        const id = last ? decodeURIComponent(last) : null;
        if (!id) reject(new Error('the server did not name the upload'));
        else resolve({ id, name: file.name });
      },
    });
    upload
      .findPreviousUploads()
      .then((previous) => {
        if (previous[0]) upload.resumeFromPreviousUpload(previous[0]);
        upload.start();
      })
      .catch(reject);
  });
}
