/**
 * One Cognito JSON-API call over an injected `fetch`, bounded by a timeout that covers the whole
 * exchange (connect, headers and body). Works on the edge runtime and in Node.
 */
import { errorFromAnswer } from './call-errors.js';
import { JSON_CONTENT_TYPE, TARGET_PREFIX } from './protocol.js';
import { IdpUnavailable } from '../errors.js';

export interface TransportOptions {
  endpoint: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
  userAgent?: string;
  /** Default the user-pool API's; identity pools pass `IDENTITY_TARGET_PREFIX`. */
  targetPrefix?: string;
}

const DEFAULT_TIMEOUT_MS = 5000;

export type CognitoCall = (operation: string, body: Record<string, unknown>) => Promise<unknown>;

/** Resolves to the parsed 2xx JSON body; rejects with IdpUnavailable / IdpRejected. */
export function createTransport(options: TransportOptions): CognitoCall {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const { endpoint } = options;
  const targetPrefix = options.targetPrefix ?? TARGET_PREFIX;
  const headers: Record<string, string> = { 'content-type': JSON_CONTENT_TYPE };
  if (options.userAgent) headers['user-agent'] = options.userAgent;

  return async (operation, body) => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    let status: number;
    let responseHeaders: Headers;
    let text: string;
    try {
      const response = await fetchImpl(endpoint, {
        method: 'POST',
        headers: { ...headers, 'x-amz-target': `${targetPrefix}${operation}` },
        body: JSON.stringify(body),
        // A redirected POST would silently turn into a GET elsewhere; report it instead.
        redirect: 'manual',
        signal: controller.signal,
      });
      status = response.status;
      responseHeaders = response.headers;
      text = await response.text();
    } catch (error) {
      const what = controller.signal.aborted
        ? `did not answer ${operation} within ${timeoutMs} ms`
        : `could not be reached for ${operation} (${describeFailure(error)})`;
      throw new IdpUnavailable(`Cognito at ${endpoint} ${what}`, { cause: error });
    } finally {
      clearTimeout(timer);
    }

    if (status < 200 || status >= 300) {
      throw errorFromAnswer({ endpoint, operation, status, headers: responseHeaders, text });
    }
    // RevokeToken and GlobalSignOut may answer with an empty body.
    if (text.trim() === '') return {};
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw new IdpUnavailable(`Cognito at ${endpoint} answered ${operation} with a body that is not JSON`, {
        cause: error,
      });
    }
  };
}

/** Node's fetch hides the useful part (ECONNREFUSED, …) in `cause`. */
function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
  const detail = typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : '';
  return detail ? `${error.message}: ${detail}` : error.message;
}
