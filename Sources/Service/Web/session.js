// Who is signed in, and how. A person signs in with a password: the server keeps the session in
// an HttpOnly cookie that no script can read, and the page keeps only the session's CSRF token,
// in memory (it is asked again from GET /me after a reload). A script user may paste an API
// token instead: it is kept in sessionStorage for the tab, never in a URL, a cookie or the console.

const key = 'verbatim.token';
let csrf = null;

/** The API token of this tab, or null (signed in with a password, or not at all). */
export function token() {
  return sessionStorage.getItem(key);
}

/** The CSRF token of the cookie session, or null. */
export function csrfToken() {
  return csrf;
}

/** Whether someone is signed in, by token or by password. */
export function signedIn() {
  return Boolean(token() || csrf);
}

/** Keeps `value` as the API token of this tab. */
export function signIn(value) {
  csrf = null;
  sessionStorage.setItem(key, value);
}

/** Remembers the CSRF token of a cookie session (from POST /sessions or GET /me). */
export function startSession(value) {
  sessionStorage.removeItem(key);
  csrf = value;
}

/** Forgets the token and the session's CSRF token. */
export function signOut() {
  csrf = null;
  sessionStorage.removeItem(key);
}
