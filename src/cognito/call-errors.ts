/**
 * Turns a failed Cognito JSON-API answer into the adapter's typed errors. The rule the whole
 * library rests on: an outage (network, timeout, 5xx, throttling, garbage) is `IdpUnavailable`
 * and must never end a session; only an explicit verdict on the refresh token does.
 */
import { errorBodySchema, shortErrorType } from './protocol.js';
import { check } from '../schema.js';
import { type AuthError, IdpRejected, IdpUnavailable, RefreshTokenReuse, RefreshTokenRevoked } from '../errors.js';

/**
 * The IdP does not implement the operation (an older emulator without GetTokensFromRefreshToken,
 * say). Still an `IdpRejected` for callers that do not care; the refresh layer checks
 * `isOperationUnsupported` and falls back to InitiateAuth REFRESH_TOKEN_AUTH.
 */
export class CognitoOperationUnsupported extends IdpRejected {
  constructor(
    readonly operation: string,
    cognitoType: string,
    message: string,
  ) {
    super(cognitoType, message);
  }
}

export function isOperationUnsupported(error: unknown): error is CognitoOperationUnsupported {
  return error instanceof CognitoOperationUnsupported;
}

/**
 * A 2xx answer without a field the adapter needs (`AuthenticationResult.AccessToken`, say), or
 * with one of the wrong type. An outage-class error like any broken IdP answer — the session's
 * cookies are kept — that names what was wrong in `fields` (paths, never values: they could be
 * tokens).
 */
export class CognitoAnswerInvalid extends IdpUnavailable {
  constructor(
    readonly operation: string,
    readonly fields: readonly string[],
    message: string,
  ) {
    super(message);
  }
}

/** Cognito types that mean "try again later", whatever HTTP status they came with. */
const TRANSIENT_TYPES = new Set([
  'TooManyRequestsException',
  'ThrottlingException',
  'InternalErrorException',
  'ServiceUnavailableException',
  'RequestTimeoutException',
]);

/**
 * `UnknownOperationException` is what AWS JSON services answer for an unknown X-Amz-Target;
 * emulators vary (cognito-local: 500 `CognitoLocal#Unsupported`; others a 400
 * InvalidParameterException naming the target).
 */
const UNSUPPORTED_TYPES = new Set(['UnknownOperationException', 'UnsupportedOperationException', 'Unsupported']);

export interface FailedAnswer {
  endpoint: string;
  operation: string;
  status: number;
  headers: Headers;
  text: string;
}

export function errorFromAnswer(answer: FailedAnswer): AuthError {
  const where = `Cognito at ${answer.endpoint}`;
  const parsed = parseErrorBody(answer);
  const brief = parsed ? ` (${parsed.type}${parsed.message ? `: ${parsed.message}` : ''})` : '';

  if (parsed && isUnsupported(answer, parsed)) {
    return new CognitoOperationUnsupported(
      answer.operation,
      parsed.type,
      `${where} does not support ${answer.operation}${brief}`,
    );
  }
  if (answer.status === 404 || answer.status === 501) {
    return new CognitoOperationUnsupported(
      answer.operation,
      `HTTP${answer.status}`,
      `${where} answered ${answer.operation} with HTTP ${answer.status}: operation not supported`,
    );
  }
  if (answer.status >= 500 || answer.status === 429 || (parsed && TRANSIENT_TYPES.has(parsed.type))) {
    return new IdpUnavailable(`${where} answered ${answer.operation} with HTTP ${answer.status}${brief}`);
  }
  if (answer.status >= 300 && answer.status < 400) {
    const location = answer.headers.get('location');
    return new IdpUnavailable(
      `${where} redirected ${answer.operation} (HTTP ${answer.status}${location ? ` to ${location}` : ''}); check the endpoint URL`,
    );
  }
  if (!parsed) {
    return new IdpUnavailable(
      `${where} answered ${answer.operation} with HTTP ${answer.status} and a body that is not a Cognito error`,
    );
  }
  return new IdpRejected(parsed.type, parsed.message || `${parsed.type} from ${answer.operation}`);
}

/**
 * On refresh calls, Cognito's verdicts on the token end the session; everything else keeps its
 * meaning. A NotAuthorizedException about the client secret is OUR misconfiguration, not a dead
 * token, and must not sign anyone out.
 */
export function asRefreshError(error: unknown): unknown {
  if (!(error instanceof IdpRejected) || error instanceof CognitoOperationUnsupported) return error;
  const aboutSecret = /secret/i.test(error.message);
  switch (error.cognitoType) {
    case 'NotAuthorizedException':
      return aboutSecret ? error : new RefreshTokenRevoked(error.message, { cause: error });
    case 'RefreshTokenReuseException':
      return new RefreshTokenReuse(error.message, { cause: error });
    // The user was deleted: no refresh token of theirs can ever work again.
    case 'UserNotFoundException':
      return new RefreshTokenRevoked(error.message, { cause: error });
    default:
      return error;
  }
}

function parseErrorBody(answer: FailedAnswer): { type: string; message: string } | null {
  let json: unknown;
  try {
    json = JSON.parse(answer.text);
  } catch {
    json = undefined;
  }
  const body = check(errorBodySchema, json);
  const headerType = answer.headers.get('x-amzn-errortype');
  const rawType = body.success ? body.data.__type : headerType;
  if (!rawType) return null;
  // Some AWS answers spell it `Message`; keep whichever is there.
  const upper = (json as { Message?: unknown } | undefined)?.Message;
  const message = (body.success ? body.data.message : undefined) ?? (typeof upper === 'string' ? upper : '');
  return { type: shortErrorType(rawType), message };
}

function isUnsupported(answer: FailedAnswer, parsed: { type: string; message: string }): boolean {
  if (UNSUPPORTED_TYPES.has(parsed.type)) return true;
  // Only when it names the operation AND says it is unknown: a bad AuthFlow value in an
  // InitiateAuth call is also an InvalidParameterException, and must stay a plain rejection.
  return (
    parsed.type === 'InvalidParameterException' &&
    parsed.message.includes(answer.operation) &&
    /unknown|unsupported|not supported|not implemented|unrecognized/i.test(parsed.message)
  );
}
