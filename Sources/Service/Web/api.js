// Calls to the Verbatim API as the signed-in user: the session cookie (sent by the browser) with
// the session's CSRF token, or an API token as a bearer.

import { language } from './i18n.js';
import { csrfToken, token, signOut } from './session.js';

/** An API error: the HTTP status, the API's stable code and its message for people. */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** The credentials of the signed-in user: the API token, or the session's CSRF token (the cookie goes by itself). */
export function authHeaders() {
  const value = token();
  if (value) return { Authorization: `Bearer ${value}` };
  const csrf = csrfToken();
  return csrf ? { 'X-CSRF-Token': csrf } : {};
}

/** Turns a failed response into an ApiError; a 401 also signs the tab out. */
export async function failure(response) {
  let code = `http_${response.status}`;
  let message = response.statusText || `HTTP ${response.status}`;
  try {
    const body = await response.json();
    if (body?.error) ({ code, message } = body.error);
  } catch {
    // Not JSON: keep the status text.
  }
  if (response.status === 401) {
    signOut();
    window.dispatchEvent(new CustomEvent('verbatim:signed-out'));
  }
  return new ApiError(response.status, code, message);
}

/**
 * Sends a request and returns the decoded JSON body (or the Response itself with `raw: true`).
 * `json` is sent as a JSON body.
 */
export async function api(path, { method = 'GET', json, body, headers = {}, raw = false, signal } = {}) {
  // The server answers its messages in the page's language.
  const init = { method, headers: { 'Accept-Language': language(), ...authHeaders(), ...headers }, signal };
  if (json !== undefined) {
    init.body = JSON.stringify(json);
    init.headers['Content-Type'] = 'application/json';
  } else if (body !== undefined) {
    init.body = body;
  }
  const response = await fetch(path, { ...init, credentials: 'same-origin' });
  if (!response.ok) throw await failure(response);
  if (raw) return response;
  return response.status === 204 ? null : response.json();
}
