// Uploads with a progress bar: fetch() reports no upload progress, XMLHttpRequest does.

import { ApiError, authHeaders } from './api.js';

/**
 * Posts `file` as the raw request body to `path`, calling `onProgress(fraction)` as bytes leave.
 * Resolves with the JSON reply; rejects with an ApiError.
 */
export function uploadFile(path, file, onProgress) {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', path);
    for (const [name, value] of Object.entries(authHeaders())) request.setRequestHeader(name, value);
    request.setRequestHeader('Content-Type', file.type || 'application/octet-stream');
    request.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    });
    request.addEventListener('load', () => {
      let body = null;
      try {
        body = JSON.parse(request.responseText);
      } catch {
        // Not JSON.
      }
      if (request.status >= 200 && request.status < 300) {
        onProgress(1);
        resolve(body);
      } else {
        const error = body?.error ?? { code: `http_${request.status}`, message: request.statusText };
        reject(new ApiError(request.status, error.code, error.message));
      }
    });
    request.addEventListener('error', () => reject(new ApiError(0, 'network', 'The upload was interrupted.')));
    request.send(file);
  });
}
