/**
 * An operation of the JSON API: a zod schema for its request body and a handler that turns the
 * parsed body into the response body. Validation failures become InvalidParameterException
 * naming the offending member, as Cognito's own validation does (see parameters.ts).
 */
import type { z } from 'zod';
import { CognitoError } from '../cognito-error.js';
import type { IdpCore } from '../core.js';
import { validationError, violationOf } from './parameters.js';

export interface Operation<S extends z.ZodType = z.ZodType> {
  schema: S;
  run(core: IdpCore, input: z.output<S>): Promise<Record<string, unknown>>;
}

/** Keeps `run`'s input typed by its schema. */
export function defineOperation<S extends z.ZodType>(operation: Operation<S>): Operation {
  return operation as unknown as Operation;
}

export function parseInput<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  throw validationError(parsed.error.issues.map(violationOf));
}

export function attributeList(attributes: Record<string, string>, sub: string) {
  return [{ Name: 'sub', Value: sub }, ...Object.entries(attributes).map(([Name, Value]) => ({ Name, Value }))];
}

export function toAttributeMap(list: { Name: string; Value: string }[] | undefined): Record<string, string> {
  return Object.fromEntries((list ?? []).map((a) => [a.Name, a.Value]));
}

/** Admin operations name the pool; a different id is a different (nonexistent) pool. */
export function assertPool(core: IdpCore, userPoolId: string): void {
  if (userPoolId !== core.deps.poolId) {
    throw new CognitoError('ResourceNotFoundException', `User pool ${userPoolId} does not exist.`);
  }
}

export function authenticationResult(tokens: {
  accessToken: string;
  idToken: string;
  refreshToken?: string;
  expiresIn: number;
}) {
  return {
    AccessToken: tokens.accessToken,
    IdToken: tokens.idToken,
    ...(tokens.refreshToken !== undefined && { RefreshToken: tokens.refreshToken }),
    ExpiresIn: tokens.expiresIn,
    TokenType: 'Bearer',
  };
}
