/**
 * STS `GetCallerIdentity` (query protocol: a form-encoded POST, XML back) for the temporary
 * credentials identity pools hand out — so an app can prove, with the stock AWS SDK, that the
 * credentials it got are real. Only a request SigV4-signed (service `sts`, the pool's region)
 * with an access key id, secret and session token this IdP issued, before they expire, gets the
 * assumed-role ARN; anything else gets the error STS would answer.
 */
import { randomUUID } from 'node:crypto';
import { verifySigV4, type SigV4ErrorType } from '../http/sigv4.js';
import type { IdentityService } from './identity-service.js';

export interface StsDeps {
  identity: IdentityService;
  region: string;
  /** The pool's clock: credentials expire on it. */
  now: () => number;
  /** The SigV4 window is about the caller's real clock. */
  wallClock: () => number;
}

const XMLNS = 'https://sts.amazonaws.com/doc/2011-06-15/';
/** Cognito Identity's session name for the roles it assumes. */
const SESSION_NAME = 'CognitoIdentityCredentials';

/** True for a request shaped like an STS query call (form body, no JSON target). */
export function isStsRequest(request: Request): boolean {
  return (
    request.method === 'POST' &&
    !request.headers.has('x-amz-target') &&
    (request.headers.get('content-type') ?? '').startsWith('application/x-www-form-urlencoded')
  );
}

export async function handleSts(request: Request, deps: StsDeps): Promise<Response> {
  const body = new Uint8Array(await request.arrayBuffer());
  const params = new URLSearchParams(new TextDecoder().decode(body));
  const verdict = verifySigV4(
    { method: request.method, url: new URL(request.url), headers: request.headers, body },
    {
      credentials: (accessKeyId, token) => deps.identity.credentialsFor(accessKeyId, token)?.secretAccessKey,
      region: deps.region,
      service: 'sts',
      now: deps.wallClock(),
      signedHeaders: [],
    },
  );
  if (!verdict.ok) return stsError(STS_CODES[verdict.type], verdict.message, 403);
  // Authenticated first, as AWS does: only the holder of the secret learns the key expired.
  const record = deps.identity.credentialsFor(verdict.accessKeyId, request.headers.get('x-amz-security-token'))!;
  if (record.expiresAt <= deps.now()) {
    return stsError('ExpiredToken', 'The security token included in the request is expired', 400);
  }
  const action = params.get('Action');
  if (action !== 'GetCallerIdentity') {
    return stsError('InvalidAction', `Could not find operation ${action ?? '(none)'} for version 2011-06-15`, 400);
  }
  const { account, roleName } = parseRoleArn(record.roleArn);
  const arn = `arn:aws:sts::${account}:assumed-role/${roleName}/${SESSION_NAME}`;
  return xml(
    200,
    `<GetCallerIdentityResponse xmlns="${XMLNS}"><GetCallerIdentityResult>` +
      `<Arn>${escapeXml(arn)}</Arn><UserId>${roleId(record.roleArn)}:${SESSION_NAME}</UserId>` +
      `<Account>${account}</Account></GetCallerIdentityResult>` +
      `<ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
  );
}

const STS_CODES: Record<SigV4ErrorType, string> = {
  MissingAuthenticationTokenException: 'MissingAuthenticationToken',
  IncompleteSignatureException: 'IncompleteSignature',
  UnrecognizedClientException: 'InvalidClientTokenId',
  InvalidSignatureException: 'SignatureDoesNotMatch',
};

function parseRoleArn(arn: string): { account: string; roleName: string } {
  const [, , , , account = '000000000000', resource = 'role/unknown'] = arn.split(':');
  // A role path (`role/service/Name`) is not part of the assumed-role ARN.
  return { account, roleName: resource.split('/').pop()! };
}

/** STS user ids of a role session start with the role's unique id, `AROA…`. */
function roleId(roleArn: string): string {
  let hash = 0n;
  for (const char of roleArn) hash = (hash * 131n + BigInt(char.codePointAt(0)!)) % 2n ** 85n;
  return `AROA${hash.toString(32).toUpperCase().padStart(17, 'A').slice(0, 17)}`;
}

function stsError(code: string, message: string, status: number): Response {
  const type = status >= 500 ? 'Receiver' : 'Sender';
  return xml(
    status,
    `<ErrorResponse xmlns="${XMLNS}"><Error><Type>${type}</Type><Code>${code}</Code>` +
      `<Message>${escapeXml(message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`,
  );
}

function xml(status: number, body: string): Response {
  return new Response(body, {
    status,
    headers: { 'content-type': 'text/xml', 'x-amzn-requestid': randomUUID(), 'cache-control': 'no-store' },
  });
}

function escapeXml(value: string): string {
  return value.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
