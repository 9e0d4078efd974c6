/**
 * Cookie algebra and storage for Cognito sessions. Nothing here imports `next` at runtime.
 */
export type { CookieOptions, CookieLimits } from './options';
export { DEFAULT_COOKIE_LIMITS, DEFAULT_COOKIE_MAX_AGE, resolveCookieLimits } from './options';
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
} from './names';
export { chunkValue, combineChunks, planChunkedWrite, type CookiePair } from './chunks';
export {
  resolveCookieAttributes,
  deletionAttributes,
  isHttpsRequest,
  type CookieWriteOptions,
  type RequestLike,
} from './attributes';
export { createCookieSealer, type CookieSealer } from './seal';
export { createMemoryJar, applyWrites, type CookieJar, type JarCookie, type JarWrite, type JarLogger, type MemoryJar } from './jar';
export {
  createNextHeadersJar,
  createNextMiddlewareJar,
  type NextCookieStoreLike,
  type NextRequestLike,
  type NextResponseLike,
  type RequestHeadersLike,
} from './next-jars';
export { parseCookieHeader } from './cookie-header';
export { createHeadersJar, serializeSetCookie } from './headers-jar';
export { createCookieStorage, type CookieStorage, type CookieStorageOptions, type KeyValueStorage } from './storage';
export {
  readSessionCookies,
  writeSessionCookies,
  clearSessionCookies,
  signInDetailsSchema,
  type ReadSessionOptions,
  type SessionCookies,
  type SessionCookieWrite,
} from './session-cookies';
export { AUTH_FLOW_TYPES, isAuthFlowType, type AuthFlowType, type SignInDetails } from './sign-in-details';
