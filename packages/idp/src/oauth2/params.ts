/**
 * Parameter parsing for the OAuth2 endpoints: query strings and form bodies → typed objects, with
 * an error description that names the offending parameter (the caller decides whether that becomes
 * an HTML page, a redirect or a JSON error).
 *
 * RFC 6749 §3.1 forbids repeating a parameter, so a repeated one is refused rather than having
 * one of its values picked silently.
 */
import { z } from 'zod';

export type ParamResult<T> = { ok: true; value: T } | { ok: false; param: string; description: string };

/** Values the endpoints never accept empty; `state` and friends may be absent but not blank. */
const required = (name: string) =>
  z.string({ error: `${name} is required` }).min(1, { error: `${name} must not be empty` });
const optional = (name: string) => required(name).optional();
/**
 * Values a login transaction and a code keep until they are used: bounded so an unauthenticated
 * GET /oauth2/authorize cannot park 16 KB of `state` per request in memory.
 */
const MAX_KEPT_LENGTH = 4096;
const kept = (name: string) =>
  required(name)
    .max(MAX_KEPT_LENGTH, { error: `${name} must be at most ${MAX_KEPT_LENGTH} characters` })
    .optional();

/** RFC 7636 §4.2: an S256 challenge is a base64url SHA-256 digest, always 43 characters. */
const S256_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

export const authorizeParamsSchema = z.object({
  client_id: required('client_id'),
  redirect_uri: required('redirect_uri'),
  response_type: required('response_type'),
  scope: optional('scope'),
  state: kept('state'),
  nonce: kept('nonce'),
  code_challenge: optional('code_challenge'),
  code_challenge_method: optional('code_challenge_method'),
  /** `login` forces the form even with a hosted-UI session; `none` forbids showing it. */
  prompt: z.enum(['login', 'none'], { error: 'prompt must be login or none' }).optional(),
  /** Amplify sends `identity_provider=COGNITO`; the local IdP has no federation to pick from. */
  identity_provider: optional('identity_provider'),
});
export type AuthorizeParams = z.infer<typeof authorizeParamsSchema>;

export const loginFormSchema = z.object({
  transaction: required('transaction'),
  username: z.string().trim().min(1, { error: 'Enter your username.' }),
  password: z.string().min(1, { error: 'Enter your password.' }),
});

export const tokenParamsSchema = z.discriminatedUnion(
  'grant_type',
  [
    z.object({
      grant_type: z.literal('authorization_code'),
      code: required('code'),
      redirect_uri: required('redirect_uri'),
      code_verifier: optional('code_verifier'),
      client_id: optional('client_id'),
      client_secret: optional('client_secret'),
    }),
    z.object({
      grant_type: z.literal('refresh_token'),
      refresh_token: required('refresh_token'),
      client_id: optional('client_id'),
      client_secret: optional('client_secret'),
      scope: optional('scope'),
    }),
  ],
  { error: 'grant_type must be authorization_code or refresh_token' },
);
export type TokenParams = z.infer<typeof tokenParamsSchema>;

export const revokeParamsSchema = z.object({
  token: required('token'),
  token_type_hint: optional('token_type_hint'),
  client_id: optional('client_id'),
  client_secret: optional('client_secret'),
});

export const logoutParamsSchema = z.object({
  client_id: required('client_id'),
  logout_uri: optional('logout_uri'),
  redirect_uri: optional('redirect_uri'),
  response_type: optional('response_type'),
});

export function isS256Challenge(challenge: string): boolean {
  return S256_CHALLENGE.test(challenge);
}

/** Space-separated per RFC 6749 §3.3; Cognito also tolerates `+`, which URLSearchParams decodes. */
export function splitScopes(scope: string | undefined): string[] {
  return scope ? [...new Set(scope.split(' ').filter(Boolean))] : [];
}

export function parseParams<S extends z.ZodType>(schema: S, params: URLSearchParams): ParamResult<z.infer<S>> {
  // A Map, not `{}`: `?constructor=x` must not count as repeated, nor `__proto__` vanish.
  const seen = new Map<string, string>();
  for (const [key, value] of params) {
    if (seen.has(key)) {
      return { ok: false, param: key, description: `${key} must not be repeated` };
    }
    seen.set(key, value);
  }
  const result = schema.safeParse(Object.fromEntries(seen));
  if (result.success) return { ok: true, value: result.data };
  const issue = result.error.issues[0];
  const param = String(issue?.path[0] ?? 'request');
  return { ok: false, param, description: issue?.message ?? `${param} is invalid` };
}
