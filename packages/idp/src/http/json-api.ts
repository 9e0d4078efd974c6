/**
 * The Cognito JSON API endpoint: `POST /` with `X-Amz-Target`. Every failure a client can cause
 * is a 400 with Cognito's error shape — clients retry 5xx, so answering a client mistake with a
 * 500 would turn one bad request into several.
 */
import { TARGET_PREFIX } from 'next-cognito-session/protocol';
import { CognitoError } from '../cognito-error.js';
import type { IdpCore } from '../core.js';
import { parseInput } from '../ops/operation.js';
import { OPERATIONS } from '../ops/table.js';
import { cognitoErrorResponse, cognitoJson } from './responses.js';

/** The operation a request names, or undefined when the target header is absent or foreign. */
export function targetOperation(request: Request): string | undefined {
  const target = request.headers.get('x-amz-target');
  if (!target?.startsWith(TARGET_PREFIX)) return undefined;
  return target.slice(TARGET_PREFIX.length);
}

export async function handleJsonApi(core: IdpCore, request: Request, log: (line: string) => void): Promise<Response> {
  const target = request.headers.get('x-amz-target');
  const name = targetOperation(request);
  const operation = name === undefined ? undefined : OPERATIONS.get(name);
  if (!operation) {
    return cognitoErrorResponse(
      'UnknownOperationException',
      target ? `The local IdP does not implement ${target}` : 'Missing X-Amz-Target header',
    );
  }
  let body: unknown;
  try {
    const text = await request.text();
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
    log(`${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return cognitoErrorResponse('InternalErrorException', 'The local IdP failed; see its log', 500);
  }
}
