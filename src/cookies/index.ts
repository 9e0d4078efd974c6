/**
 * Cookie algebra and storage for Cognito sessions. Nothing here imports `next` at runtime.
 */
export type { CookieOptions, CookieLimits } from './options.js';
export { DEFAULT_COOKIE_LIMITS, DEFAULT_COOKIE_MAX_AGE, resolveCookieLimits } from './options.js';
export {
  AMPLIFY_KEY_PREFIX,
  TOKEN_KINDS,
  type TokenKind,
  SIGN_OUT_KINDS,
  clientKeyPrefix,
  lastAuthUserKey,
  tokenKey,
  parseUserKey,
  isAmplifyKey,
  encodeCookieName,
  decodeCookieName,
  encodeCookieValue,
  decodeCookieValue,
} from './names.js';
export { chunkValue, combineChunks, planChunkedWrite, type CookiePair } from './chunks.js';
export {
  resolveCookieAttributes,
  deletionAttributes,
  isHttpsRequest,
  type CookieWriteOptions,
  type RequestLike,
} from './attributes.js';
export { createCookieSealer, type CookieSealer } from './seal.js';
export {
  createMemoryJar,
  applyWrites,
  type CookieJar,
  type JarCookie,
  type JarWrite,
  type JarLogger,
  type MemoryJar,
} from './jar.js';
export {
  createNextHeadersJar,
  createNextMiddlewareJar,
  type NextCookieStoreLike,
  type NextRequestLike,
  type NextResponseLike,
  type RequestHeadersLike,
} from './next-jars.js';
export { parseCookieHeader } from './cookie-header.js';
export { createHeadersJar } from './headers-jar.js';
export { serializeSetCookie } from './set-cookie.js';
export { createCookieStorage, type CookieStorage, type CookieStorageOptions, type KeyValueStorage } from './storage.js';
export {
  readSessionCookies,
  writeSessionCookies,
  clearSessionCookies,
  signInDetailsShape,
  type ReadSessionOptions,
  type SessionCookies,
  type SessionCookieWrite,
} from './session-cookies.js';
export { AUTH_FLOW_TYPES, isAuthFlowType, type AuthFlowType, type SignInDetails } from './sign-in-details.js';
