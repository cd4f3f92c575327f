// The API token of the signed-in user, kept in sessionStorage: it lives as long as the tab,
// is never written to a URL, a cookie or the console, and is sent only as an Authorization header.

const key = 'verbatim.token';

/** The token, or null when nobody is signed in. */
export function token() {
  return sessionStorage.getItem(key);
}

/** Keeps `value` as the token of this tab. */
export function signIn(value) {
  sessionStorage.setItem(key, value);
}

/** Forgets the token. */
export function signOut() {
  sessionStorage.removeItem(key);
}
