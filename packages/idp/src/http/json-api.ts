/**
 * The Cognito JSON API endpoint: `POST /` with `X-Amz-Target`. Every failure a client can cause
 * is a 400 with Cognito's error shape — clients retry 5xx, so answering a client mistake with a
 * 500 would turn one bad request into several. IAM-authorised operations pass the admin gate
 * before their body is even parsed, as AWS authenticates before it validates.
 */
import { TARGET_PREFIX } from 'next-cognito-session/protocol';
import { CognitoError } from '../cognito-error.js';
import type { IdpCore } from '../core.js';
import { parseInput } from '../ops/operation.js';
import { OPERATIONS, requiresIamAuth } from '../ops/table.js';
import { adminRefusal, type AdminAuthConfig } from './admin-auth.js';
import { cognitoErrorResponse, cognitoJson } from './responses.js';

export interface JsonApiDeps {
  admin: AdminAuthConfig;
  log: (line: string) => void;
}

/** The operation a request names, or undefined when the target header is absent or foreign. */
export function targetOperation(request: Request): string | undefined {
  const target = request.headers.get('x-amz-target');
  if (!target?.startsWith(TARGET_PREFIX)) return undefined;
  return target.slice(TARGET_PREFIX.length);
}

export async function handleJsonApi(core: IdpCore, request: Request, deps: JsonApiDeps): Promise<Response> {
  const target = request.headers.get('x-amz-target');
  const name = targetOperation(request);
  const operation = name === undefined ? undefined : OPERATIONS.get(name);
  if (name === undefined || !operation) {
    return cognitoErrorResponse(
      'UnknownOperationException',
      target ? `The local IdP does not implement ${target}` : 'Missing X-Amz-Target header',
    );
  }
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (requiresIamAuth(name)) {
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
