// Resumable uploads with the tus 1.0.0 protocol (POST /uploads, then PATCHes of a few MiB, HEAD
// to learn where to resume): a dropped network or a reloaded page loses at most the chunk in flight.
// XMLHttpRequest sends the chunks, as fetch() reports no upload progress.

import { ApiError, authHeaders, failure } from './api.js';
import { language, t } from './i18n.js';

/** Bytes per PATCH. */
export const chunkSize = 8 * 1024 * 1024;
const tus = { 'Tus-Resumable': '1.0.0' };
/** Seconds to wait before each new attempt after a failure (the last one repeats). */
const backoff = [0.5, 1, 2, 4, 8];
/** Answers after which the same PATCH may be tried again, once HEAD has told the offset. */
const retryable = new Set(['network', 'offset_mismatch', 'upload_busy', 'checksum_mismatch']);

/** The localStorage key remembering the upload of `file` into `studyID`, so a reloaded page resumes it. */
export function resumeKey(studyID, file) {
  return `verbatim.upload.${studyID}.${file.name}.${file.size}.${file.lastModified}`;
}

function headers(extra = {}) {
  return { ...tus, 'Accept-Language': language(), ...authHeaders(), ...extra };
}

function metadata(values) {
  const encode = (text) => btoa(String.fromCharCode(...new TextEncoder().encode(text)));
  return Object.entries(values).filter(([, value]) => value).map(([key, value]) => `${key} ${encode(String(value))}`).join(',');
}

async function create(file, studyID, title) {
  const response = await fetch('/uploads', {
    method: 'POST', credentials: 'same-origin',
    headers: headers({ 'Upload-Length': String(file.size), 'Upload-Metadata': metadata({ studyId: studyID, filename: file.name, title }) }),
  });
  if (response.status !== 201) throw await failure(response);
  return new URL(response.headers.get('Location'), window.location.href).pathname;
}

/** The upload's offset, or null when the server no longer has it (expired, finished, removed). */
async function offsetOf(url) {
  let response;
  try {
    response = await fetch(url, { method: 'HEAD', credentials: 'same-origin', cache: 'no-store', headers: headers() });
  } catch {
    throw new ApiError(0, 'network', t('uploadOffline'));
  }
  if (response.status === 404) return null;
  if (!response.ok) throw new ApiError(response.status, `http_${response.status}`, response.statusText);
  return Number(response.headers.get('Upload-Offset'));
}

async function checksum(buffer) {
  // crypto.subtle exists in secure contexts only (HTTPS, localhost): elsewhere the chunk goes without.
  if (!globalThis.crypto?.subtle) return null;
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', buffer));
  return `sha256 ${btoa(String.fromCharCode(...digest))}`;
}

/** One PATCH; resolves with the new offset and the recording the last one stored. */
function patch(url, offset, buffer, sum, onSent) {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('PATCH', url);
    const fields = headers({ 'Upload-Offset': String(offset), 'Content-Type': 'application/offset+octet-stream' });
    if (sum) fields['Upload-Checksum'] = sum;
    for (const [name, value] of Object.entries(fields)) request.setRequestHeader(name, value);
    request.upload.addEventListener('progress', (event) => onSent(event.loaded));
    request.addEventListener('load', () => {
      if (request.status === 204) {
        resolve({ offset: Number(request.getResponseHeader('Upload-Offset')), recording: request.getResponseHeader('Verbatim-Recording') });
        return;
      }
      let error = null;
      try {
        error = JSON.parse(request.responseText)?.error;
      } catch {
        // Not JSON.
      }
      reject(new ApiError(request.status, error?.code ?? `http_${request.status}`, error?.message ?? request.statusText));
    });
    request.addEventListener('error', () => reject(new ApiError(0, 'network', t('uploadOffline'))));
    request.send(buffer);
  });
}

/** Waits `seconds`, or less if the browser says the network is back. */
function pause(seconds) {
  return new Promise((resolve) => {
    const done = () => {
      window.removeEventListener('online', done);
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(done, seconds * 1000);
    window.addEventListener('online', done);
  });
}

/**
 * Uploads `file` as a recording of `studyID` with tus, resuming an earlier upload of the same file
 * (this tab's or a reloaded page's). Calls `onProgress(fraction)` as bytes are kept and
 * `onRetry(seconds)` when a failure makes it wait before trying again; resolves with the recording.
 */
export async function uploadResumable(file, { studyID, title, onProgress = () => {}, onRetry = () => {}, onResume = () => {} }) {
  const key = resumeKey(studyID, file);
  let url = localStorage.getItem(key);
  let offset = url ? await offsetOf(url) : null;
  if (url && offset !== null) onResume(offset / file.size);
  if (offset === null) {
    url = await create(file, studyID, title);
    localStorage.setItem(key, url);
    offset = 0;
  }
  let failures = 0;
  for (;;) {
    try {
      if (offset === null) {
        offset = await offsetOf(url);
        if (offset === null) {
          localStorage.removeItem(key);
          throw new ApiError(404, 'not_found', t('uploadExpired'));
        }
      }
      const start = offset;
      const buffer = await file.slice(start, Math.min(start + chunkSize, file.size)).arrayBuffer();
      const reply = await patch(url, start, buffer, await checksum(buffer), (sent) => onProgress((start + sent) / file.size));
      failures = 0;
      offset = reply.offset;
      onProgress(offset / file.size);
      if (reply.recording) {
        localStorage.removeItem(key);
        const response = await fetch(`/recordings/${reply.recording}`, { credentials: 'same-origin', headers: headers() });
        if (!response.ok) throw await failure(response);
        return response.json();
      }
    } catch (error) {
      if (!(error instanceof ApiError) || !(retryable.has(error.code) || error.status >= 500)) {
        // Refused for good (a duplicate, an unreadable file, a role): the server removed the upload.
        if (error instanceof ApiError && error.status !== 401) localStorage.removeItem(key);
        throw error;
      }
      const seconds = backoff[Math.min(failures, backoff.length - 1)];
      failures += 1;
      onRetry(seconds);
      await pause(seconds);
      offset = null;
    }
  }
}
