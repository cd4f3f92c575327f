// Server-sent events over fetch(): EventSource cannot send an Authorization header, and the API
// token must never go into a URL, so the stream is read from a fetch() body instead.

import { authHeaders, failure } from './api.js';

/**
 * Follows `path` (a `text/event-stream` endpoint) and calls `onEvent({event, data})` for each
 * event, `data` parsed as JSON. Resolves when the server ends the stream or `signal` aborts it.
 */
export async function followEvents(path, onEvent, signal) {
  const response = await fetch(path, { headers: { ...authHeaders(), Accept: 'text/event-stream' }, signal });
  if (!response.ok) throw await failure(response);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value.replace(/\r\n?/g, '\n');
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const message = parseEvent(block);
        if (message) onEvent(message);
      }
    }
  } catch (error) {
    if (error.name !== 'AbortError') throw error;
  }
}

/** One event block (`event:` and `data:` lines) as `{event, data}`, or null for a comment. */
export function parseEvent(block) {
  let event = 'message';
  const data = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':') || line === '') continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') event = value;
    if (field === 'data') data.push(value);
  }
  if (data.length === 0) return null;
  const text = data.join('\n');
  try {
    return { event, data: JSON.parse(text) };
  } catch {
    return { event, data: text };
  }
}
