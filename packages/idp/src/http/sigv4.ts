/**
 * AWS Signature Version 4 (`AWS4-HMAC-SHA256` in the Authorization header) checked the way AWS
 * checks it, so Cognito's IAM-authorised operations need the IdP's admin key pair and the real
 * AWS SDK, signing with that pair, passes unpatched. Pure apart from node:crypto: the caller
 * hands in the request's parts, the expected key, scope and the wall clock, and gets a verdict
 * naming the error AWS would answer.
 *
 *   const verdict = verifySigV4(request, { credentials, region: 'us-east-1', service: 'cognito-idp', now: Date.now() });
 *   if (!verdict.ok) answer 400 { __type: verdict.type, message: verdict.message }
 *
 * Spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv.html (canonical request,
 * string to sign, signing key). Only header-signed requests with long-term keys: no presigned
 * query strings, no `Date` instead of `X-Amz-Date`. Temporary credentials (the ones identity
 * pools hand out) come with `X-Amz-Security-Token`, which must then be signed too; the caller's
 * lookup decides whether key id and token belong together.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export interface SigV4Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface SigV4Request {
  method: string;
  /** Path and query exactly as the client sent them (still percent-encoded). */
  url: URL;
  headers: Headers;
  body: Uint8Array;
}

/** The secret of a temporary access key id presented with this session token, or undefined. */
export type SigV4KeyLookup = (accessKeyId: string, sessionToken: string | null) => string | undefined;

export interface SigV4Expectations {
  /** One long-term key pair (no session token accepted), or a lookup of temporary ones. */
  credentials: SigV4Credentials | SigV4KeyLookup;
  region: string;
  service: string;
  /** Wall-clock milliseconds: the SDK signs with the caller's real clock. */
  now: number;
  /** Headers the signature must cover besides `host` and `x-amz-date`; default `x-amz-target`. */
  signedHeaders?: readonly string[];
}

export type SigV4ErrorType =
  | 'MissingAuthenticationTokenException'
  | 'IncompleteSignatureException'
  | 'UnrecognizedClientException'
  | 'InvalidSignatureException';

export type SigV4Verdict = { ok: true; accessKeyId: string } | { ok: false; type: SigV4ErrorType; message: string };

const ALGORITHM = 'AWS4-HMAC-SHA256';
/** AWS refuses a signature dated more than 15 minutes from its clock, either way. */
export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;
/**
 * Headers that decide what the request does. AWS insists on `host`; the target and the date are
 * required too so a captured signature cannot be reused for another operation or moment (the
 * AWS SDK signs all three).
 */
const ALWAYS_SIGNED_HEADERS = ['host', 'x-amz-date'];
const DEFAULT_SIGNED_HEADERS = ['x-amz-target'];

const MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.';

export function verifySigV4(request: SigV4Request, expected: SigV4Expectations): SigV4Verdict {
  const header = request.headers.get('authorization');
  if (header === null || header.trim() === '')
    return refuse('MissingAuthenticationTokenException', 'Missing Authentication Token');
  const auth = parseAuthorization(header);
  if (typeof auth === 'string') return refuse('IncompleteSignatureException', auth);

  const sessionToken = request.headers.get('x-amz-security-token');
  const secret = secretFor(expected.credentials, auth.accessKeyId, sessionToken);
  if (secret === undefined) {
    // AWS names an unknown key, or a token that does not belong to it, this way.
    return refuse('UnrecognizedClientException', 'The security token included in the request is invalid.');
  }
  const amzDate = request.headers.get('x-amz-date') ?? '';
  const signedAt = parseAmzDate(amzDate);
  if (signedAt === undefined) {
    return refuse(
      'IncompleteSignatureException',
      "Authorization requires an 'X-Amz-Date' header in the form YYYYMMDD'T'HHMMSS'Z'.",
    );
  }
  const required = [
    ...ALWAYS_SIGNED_HEADERS,
    ...(expected.signedHeaders ?? DEFAULT_SIGNED_HEADERS),
    // Else a captured request could be replayed under another session's token.
    ...(sessionToken === null ? [] : ['x-amz-security-token']),
  ];
  for (const name of required) {
    if (!auth.signedHeaders.includes(name)) {
      return refuse('InvalidSignatureException', `'${name}' must be a 'SignedHeader' in the AWS Authorization.`);
    }
  }
  const scopeProblem = checkScope(auth, amzDate, expected);
  if (scopeProblem) return refuse('InvalidSignatureException', scopeProblem);
  const skewProblem = checkFreshness(amzDate, signedAt, expected.now);
  if (skewProblem) return refuse('InvalidSignatureException', skewProblem);

  const payloadHash = sha256Hex(request.body);
  const declared = request.headers.get('x-amz-content-sha256');
  if (declared !== null && declared !== payloadHash) {
    return refuse(
      'InvalidSignatureException',
      "The provided 'x-amz-content-sha256' header does not match what was computed.",
    );
  }
  const canonicalRequest = [
    request.method,
    canonicalPath(request.url.pathname),
    canonicalQuery(request.url.searchParams),
    ...auth.signedHeaders.map((name) => `${name}:${canonicalHeaderValue(request.headers.get(name))}`),
    '',
    auth.signedHeaders.join(';'),
    payloadHash,
  ].join('\n');
  const scope = `${auth.date}/${auth.region}/${auth.service}/aws4_request`;
  const stringToSign = [ALGORITHM, amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
  const key = signingKey(secret, auth.date, auth.region, auth.service);
  const expectedSignature = createHmac('sha256', key).update(stringToSign).digest();
  const given = Buffer.from(auth.signature, 'hex');
  // Constant-time: the comparison must not reveal how many leading bytes of a guess were right.
  return timingSafeEqual(expectedSignature, given)
    ? { ok: true, accessKeyId: auth.accessKeyId }
    : refuse('InvalidSignatureException', MISMATCH);
}

function secretFor(
  credentials: SigV4Credentials | SigV4KeyLookup,
  accessKeyId: string,
  sessionToken: string | null,
): string | undefined {
  if (typeof credentials === 'function') return credentials(accessKeyId, sessionToken);
  return accessKeyId === credentials.accessKeyId && sessionToken === null ? credentials.secretAccessKey : undefined;
}

interface ParsedAuthorization {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  terminator: string;
  signedHeaders: string[];
  signature: string;
}

/** The parsed header, or the reason it is not a complete SigV4 Authorization header. */
function parseAuthorization(header: string): ParsedAuthorization | string {
  const [algorithm, ...rest] = header.trim().split(/\s+/);
  if (algorithm !== ALGORITHM) return `Authorization header must use the ${ALGORITHM} algorithm.`;
  const fields = new Map<string, string>();
  for (const part of rest.join(' ').split(',')) {
    const at = part.indexOf('=');
    if (at <= 0) return `Authorization header field '${part.trim()}' is not name=value.`;
    const name = part.slice(0, at).trim();
    if (fields.has(name)) return `Authorization header repeats '${name}'.`;
    fields.set(name, part.slice(at + 1).trim());
  }
  const missing = ['Credential', 'SignedHeaders', 'Signature'].filter((name) => !fields.get(name));
  if (missing.length > 0) return missing.map((name) => `Authorization header requires '${name}' parameter.`).join(' ');

  const credential = fields.get('Credential')!.split('/');
  if (credential.length !== 5 || credential.some((part) => part === '')) {
    return "Credential must be '<access key id>/<YYYYMMDD>/<region>/<service>/aws4_request'.";
  }
  const [accessKeyId, date, region, service, terminator] = credential as [string, string, string, string, string];
  const signedHeaders = fields.get('SignedHeaders')!.split(';');
  if (signedHeaders.some((name) => !/^[a-z0-9-]+$/.test(name)))
    return 'SignedHeaders must be lower-case header names separated by semicolons.';
  const signature = fields.get('Signature')!;
  if (!/^[0-9a-f]{64}$/.test(signature)) return 'Signature must be 64 lower-case hex digits.';
  return { accessKeyId, date, region, service, terminator, signedHeaders, signature };
}

function checkScope(auth: ParsedAuthorization, amzDate: string, expected: SigV4Expectations): string | undefined {
  if (auth.terminator !== 'aws4_request') return "Credential should be scoped with a valid terminator: 'aws4_request'.";
  if (auth.service !== expected.service)
    return `Credential should be scoped to correct service: '${expected.service}'.`;
  if (auth.region !== expected.region) return `Credential should be scoped to a valid region: '${expected.region}'.`;
  if (auth.date !== amzDate.slice(0, 8)) {
    return `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${auth.date}' != '${amzDate.slice(0, 8)}'.`;
  }
  return undefined;
}

function checkFreshness(amzDate: string, signedAt: number, now: number): string | undefined {
  const stamp = (ms: number) => new Date(ms).toISOString().replace(/[-:]|\.\d{3}/g, '');
  if (signedAt < now - MAX_CLOCK_SKEW_MS) {
    return `Signature expired: ${amzDate} is now earlier than ${stamp(now - MAX_CLOCK_SKEW_MS)} (${stamp(now)} - 15 min.)`;
  }
  if (signedAt > now + MAX_CLOCK_SKEW_MS) {
    return `Signature not yet current: ${amzDate} is still later than ${stamp(now + MAX_CLOCK_SKEW_MS)} (${stamp(now)} + 15 min.)`;
  }
  return undefined;
}

/** `20240305T090407Z` → epoch ms, or undefined when it is not that shape or not a real instant. */
function parseAmzDate(value: string): number | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s] = match.map(Number) as [number, number, number, number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(ms);
  return back.getUTCMonth() === mo - 1 && back.getUTCDate() === d && h < 24 && mi < 60 && s < 60 ? ms : undefined;
}

/** RFC 3986 unreserved characters stay; everything else is %XX (upper case), as SigV4 requires. */
function uriEscape(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Non-S3 services normalise the path and encode it once more (the client already encoded it once). */
function canonicalPath(rawPath: string): string {
  const segments: string[] = [];
  for (const segment of rawPath.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const trailing = segments.length > 0 && rawPath.endsWith('/') ? '/' : '';
  return `/${segments.map(uriEscape).join('/')}${trailing}`;
}

/** Sorted by encoded name, then by encoded value (a plain string sort would put `a-b=` before `a=`). */
function canonicalQuery(params: URLSearchParams): string {
  return [...params]
    .map(([name, value]) => [uriEscape(name), uriEscape(value)] as const)
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

function canonicalHeaderValue(value: string | null): string {
  return (value ?? '')
    .replace(/[\r\n]/g, ' ')
    .replace(/[ \t]+/g, ' ')
    .trim();
}

function signingKey(secret: string, date: string, region: string, service: string): Buffer {
  const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();
  return hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), 'aws4_request');
}

function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

function refuse(type: SigV4ErrorType, message: string): SigV4Verdict {
  return { ok: false, type, message };
}
