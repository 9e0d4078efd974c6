/**
 * The Cognito JSON API endpoint: `POST /` with `X-Amz-Target`. Every failure a client can cause
 * is a 400 with Cognito's error shape — clients retry 5xx, so answering a client mistake with a
 * 500 would turn one bad request into several. IAM-authorised operations pass the admin gate
 * before their body is even parsed, as AWS authenticates before it validates.
 */
import { IDENTITY_TARGET_PREFIX, TARGET_PREFIX } from 'next-cognito-session/protocol';
import { CognitoError } from '../cognito-error.js';
import type { IdpCore } from '../core.js';
import { IDENTITY_OPERATIONS } from '../identity/operations.js';
import { parseInput, type Operation } from '../ops/operation.js';
import { OPERATIONS, requiresIamAuth } from '../ops/table.js';
import { adminRefusal, type AdminAuthConfig } from './admin-auth.js';
import { cognitoErrorResponse, cognitoJson } from './responses.js';

export interface JsonApiDeps {
  admin: AdminAuthConfig;
  log: (line: string) => void;
}

/** One of the two services on this framing: user pools and identity pools. */
interface JsonService {
  prefix: string;
  operations: ReadonlyMap<string, Operation>;
  requiresIamAuth(operation: string): boolean;
}

const SERVICES: readonly JsonService[] = [
  { prefix: TARGET_PREFIX, operations: OPERATIONS, requiresIamAuth },
  // GetId, GetCredentialsForIdentity and GetOpenIdToken are unsigned in Cognito Identity too.
  { prefix: IDENTITY_TARGET_PREFIX, operations: IDENTITY_OPERATIONS, requiresIamAuth: () => false },
];

/** Every operation name either service answers (the names do not overlap). */
export const JSON_OPERATION_NAMES: readonly string[] = SERVICES.flatMap((service) => [...service.operations.keys()]);

/** True for an operation that needs the admin signature. */
export function isIamOperation(name: string): boolean {
  return OPERATIONS.has(name) && requiresIamAuth(name);
}

function serviceOf(request: Request): { service: JsonService; name: string } | undefined {
  const target = request.headers.get('x-amz-target');
  const service = SERVICES.find((candidate) => target?.startsWith(candidate.prefix));
  return service && target ? { service, name: target.slice(service.prefix.length) } : undefined;
}

/** The operation a request names, or undefined when the target header is absent or foreign. */
export function targetOperation(request: Request): string | undefined {
  return serviceOf(request)?.name;
}

export async function handleJsonApi(core: IdpCore, request: Request, deps: JsonApiDeps): Promise<Response> {
  const target = request.headers.get('x-amz-target');
  const found = serviceOf(request);
  const name = found?.name;
  const operation = found?.service.operations.get(found.name);
  if (name === undefined || !operation) {
    return cognitoErrorResponse(
      'UnknownOperationException',
      target ? `The local IdP does not implement ${target}` : 'Missing X-Amz-Target header',
    );
  }
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (found!.service.requiresIamAuth(name)) {
    const refusal = adminRefusal(request, bytes, deps.admin);
    if (refusal) return refusal;
  }
  let body: unknown;
  try {
    const text = new TextDecoder().decode(bytes);
    body = JSON.parse(text === '' ? '{}' : text);
  } catch {
    return cognitoErrorResponse('SerializationException', 'The request body is not valid JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return cognitoErrorResponse('SerializationException', 'The request body must be a JSON object');
  }
  try {
    return cognitoJson(await operation.run(core, parseInput(operation.schema, body)));
  } catch (error) {
    if (error instanceof CognitoError) return cognitoErrorResponse(error.type, error.message, error.status);
    deps.log(`${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return cognitoErrorResponse('InternalErrorException', 'The local IdP failed; see its log', 500);
  }
}
