// Downloads of API responses that need the bearer header: fetched into a Blob, then saved
// through a temporary object URL (the token never appears in a link).

import { api } from './api.js';

/** Fetches `path` and saves it under the server's file name (or `fallbackName`). */
export async function download(path, fallbackName) {
  const response = await api(path, { raw: true });
  const disposition = response.headers.get('Content-Disposition') ?? '';
  const match = /filename="([^"]+)"/.exec(disposition);
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = match ? match[1] : fallbackName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return { name: link.download, size: blob.size };
}

/** Every export format of the API: its label, or the i18n key of a label that needs translating. */
export const exportFormats = [
  { id: 'txt', label: 'TXT' },
  { id: 'srt', label: 'SRT' },
  { id: 'vtt', label: 'WebVTT' },
  { id: 'json', label: 'JSON' },
  { id: 'eaf', label: 'ELAN (.eaf)' },
  { id: 'qdpx', label: 'REFI-QDA (.qdpx)' },
  { id: 'csv', label: 'CSV' },
  { id: 'docx', key: 'exportFormatDocx' },
  { id: 'eaf-media', key: 'exportFormatEafMedia' },
];
