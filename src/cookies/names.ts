/**
 * Amplify-compatible storage keys and their cookie names.
 *
 * @example
 *   tokenKey('abc123', 'demo@example.com', 'idToken')
 *   // 'CognitoIdentityServiceProvider.abc123.demo@example.com.idToken'
 *   encodeCookieName(tokenKey('abc123', 'demo@example.com', 'idToken'))
 *   // 'CognitoIdentityServiceProvider.abc123.demo%40example.com.idToken'
 *
 * How Amplify v6 gets from a key to a cookie (read in aws-amplify 6.22 / js-cookie 3.0.8):
 * - Keys: `DefaultTokenStore` (@aws-amplify/auth, tokenProvider/TokenStore) builds
 *   `${AUTH_KEY_PREFIX}.${userPoolClientId}.${username}.${kind}` with the raw username and
 *   `${AUTH_KEY_PREFIX}.${userPoolClientId}.LastAuthUser`, AUTH_KEY_PREFIX being
 *   `CognitoIdentityServiceProvider`. The key goes unchanged to `KeyValueStorage.setItem`.
 * - Browser (`Amplify.configure(config, { ssr: true })` swaps in core's `CookieStorage`):
 *   `JsCookie.set(key, value)`. js-cookie encodes the NAME with `encodeURIComponent`, turns
 *   `%23 %24 %26 %2B %5E %60 %7C` back into `# $ & + ^ \` |`, then escapes `(` `)` as `%28`
 *   `%29` (not cookie token characters). It encodes the VALUE with `encodeURIComponent` and
 *   turns `# $ & + / : < = > ? @ [ ] ^ \` { | }` back. Reading decodes the name with
 *   `decodeURIComponent` and every `%XX` run of the value, after stripping one pair of quotes.
 * - Server (`aws-amplify/adapter-core` `createKeyValueStorageFromCookieStorageAdapter`):
 *   passes the raw key to a framework adapter; adapter-nextjs encodes it the js-cookie way
 *   (without the parenthesis step) and hands the value to Next's cookie API, which writes it
 *   with a plain `encodeURIComponent` and reads it with `decodeURIComponent`.
 * Both value forms decode to the same string, so jars here carry DECODED values and the
 * js-cookie form of NAMES. Values are measured with `encodeURIComponent` (the longer form).
 */

export const AMPLIFY_KEY_PREFIX = 'CognitoIdentityServiceProvider';

/** Per-user keys Amplify's token store writes, in the order it writes them. */
export const TOKEN_KINDS = ['accessToken', 'idToken', 'refreshToken', 'signInDetails', 'clockDrift'] as const;
export type TokenKind = (typeof TOKEN_KINDS)[number];

/**
 * Per-user keys removed on sign-out: the token kinds plus `oauthMetadata`, as Amplify's
 * `clearTokens` does. Device keys (`deviceKey`, …) survive sign-out there, so they do here.
 */
export const SIGN_OUT_KINDS: readonly string[] = [...TOKEN_KINDS, 'oauthMetadata'];

export function clientKeyPrefix(clientId: string): string {
  return `${AMPLIFY_KEY_PREFIX}.${clientId}.`;
}

export function lastAuthUserKey(clientId: string): string {
  return `${clientKeyPrefix(clientId)}LastAuthUser`;
}

export function tokenKey(clientId: string, username: string, kind: string): string {
  return `${clientKeyPrefix(clientId)}${username}.${kind}`;
}

/**
 * Splits a per-user key of `clientId` back into username and kind. Usernames may contain dots
 * (emails), so the kind is matched as a known suffix rather than by splitting on `.`.
 */
export function parseUserKey(
  clientId: string,
  key: string,
  kinds: readonly string[] = SIGN_OUT_KINDS,
): { username: string; kind: string } | null {
  const prefix = clientKeyPrefix(clientId);
  if (!key.startsWith(prefix)) return null;
  const rest = key.slice(prefix.length);
  for (const kind of kinds) {
    const suffix = `.${kind}`;
    if (rest.length > suffix.length && rest.endsWith(suffix)) {
      return { username: rest.slice(0, -suffix.length), kind };
    }
  }
  return null;
}

/** True for keys in Amplify's Cognito namespace (any client), i.e. cookies this library owns. */
export function isAmplifyKey(key: string): boolean {
  return key.startsWith(`${AMPLIFY_KEY_PREFIX}.`);
}

/** js-cookie 3.0.8's name encoding, byte for byte. */
export function encodeCookieName(key: string): string {
  return encodeURIComponent(key)
    .replace(/%(2[346B]|5E|60|7C)/g, decodeURIComponent)
    .replace(/[()]/g, (c) => (c === '(' ? '%28' : '%29'));
}

/**
 * Inverse of `encodeCookieName`; also accepts names written without the parenthesis step
 * (adapter-nextjs). Returns null for names that are not valid percent-encoding, which js-cookie
 * skips the same way.
 */
export function decodeCookieName(name: string): string | null {
  try {
    return decodeURIComponent(name);
  } catch {
    return null;
  }
}

/** js-cookie's value encoding, for code that writes `document.cookie` directly. */
export function encodeCookieValue(value: string): string {
  return encodeURIComponent(value).replace(/%(2[346BF]|3[AC-F]|40|5[BDE]|60|7[BCD])/g, decodeURIComponent);
}

/** js-cookie's value decoding: drop one pair of quotes, decode every `%XX` run. */
export function decodeCookieValue(raw: string): string {
  const unquoted = raw.startsWith('"') ? raw.slice(1, -1) : raw;
  return unquoted.replace(/(%[\dA-F]{2})+/gi, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}

/** Bytes a value takes on the wire, using the longer of the two encodings in use. */
export function wireBytes(value: string): number {
  // encodeURIComponent output is pure ASCII, so its length is its byte count.
  return encodeURIComponent(value).length;
}
