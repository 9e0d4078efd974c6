/**
 * Reading a JWT without verifying it — for decisions that do not grant access, such as "does the
 * access token expire within the refresh margin?" or "which username's cookies are these?".
 * Never use the result to authorize anything: call the verifier for that.
 *
 * Uses only `atob` (through the one base64 decoder) and `TextDecoder`, which exist in the edge
 * runtime and in Node.
 *
 * @example
 *   const { payload } = decodeUnverified(raw);
 *   if (payload.exp !== undefined && payload.exp * 1000 - Date.now() < 60_000) refresh();
 */
import { base64Decode } from '../cognito/srp/encoding.js';
import { InvalidToken } from '../errors.js';

/** JWS compact serialization uses unpadded base64url (RFC 7515 §2); anything else is not ours. */
const SEGMENT = /^[A-Za-z0-9_-]+$/;

export interface UnverifiedJwt {
  readonly header: Readonly<Record<string, unknown>>;
  readonly payload: UnverifiedPayload;
}

/** The few claims the refresh decision reads; they are typed only if they have the right type. */
export interface UnverifiedPayload extends Readonly<Record<string, unknown>> {
  readonly exp?: number;
  readonly username?: string;
  readonly 'cognito:username'?: string;
  readonly sub?: string;
  readonly token_use?: string;
}

/** Splits a compact JWS into its three segments, or says why it is not one. */
export function splitCompact(raw: string): [header: string, payload: string, signature: string] {
  const parts = raw.split('.');
  if (parts.length !== 3) {
    throw new InvalidToken(`a JWT has 3 dot-separated segments, this value has ${parts.length}`);
  }
  const [header, payload, signature] = parts as [string, string, string];
  const names = ['header', 'payload', 'signature'] as const;
  parts.forEach((part, index) => {
    if (!SEGMENT.test(part)) throw new InvalidToken(`JWT ${names[index]} is not base64url`);
  });
  return [header, payload, signature];
}

/** base64url → UTF-8 → JSON object; `what` names the segment in the error. */
export function decodeSegment(segment: string, what: 'header' | 'payload'): Record<string, unknown> {
  let json: unknown;
  try {
    const bytes = base64Decode(segment);
    if (!bytes) throw new TypeError('not base64');
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (cause) {
    throw new InvalidToken(`JWT ${what} is not base64url-encoded JSON`, { cause });
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new InvalidToken(`JWT ${what} is not a JSON object`);
  }
  return json as Record<string, unknown>;
}

export function decodeUnverified(raw: string): UnverifiedJwt {
  if (typeof raw !== 'string' || raw.length === 0) throw new InvalidToken('token is empty');
  const [headerSegment, payloadSegment] = splitCompact(raw);
  const header = decodeSegment(headerSegment, 'header');
  const claims = decodeSegment(payloadSegment, 'payload');
  return { header, payload: typedView(claims) };
}

/** Drops well-known claims of the wrong type so callers can trust the declared types. */
function typedView(claims: Record<string, unknown>): UnverifiedPayload {
  const view: Record<string, unknown> = { ...claims };
  if (typeof view.exp !== 'number' || !Number.isFinite(view.exp)) delete view.exp;
  for (const name of ['username', 'cognito:username', 'sub', 'token_use']) {
    if (typeof view[name] !== 'string') delete view[name];
  }
  return view as UnverifiedPayload;
}
