/**
 * GET /oauth2/authorize (and Cognito's alias GET /login): check the request, then either finish
 * at once from a hosted-UI session or show the sign-in form.
 *
 * Order matters for safety: until client_id and redirect_uri are known good, every problem is an
 * HTML page here — redirecting to an unchecked URI would make the IdP an open redirector.
 */
import { z } from 'zod';
import { createCodeVerifier } from 'next-cognito-session/protocol';
import type { OAuthClientInfo } from './backend.js';
import type { AuthorizationRequest, OAuthContext } from './context.js';
import { redirectWithCode, redirectWithError } from './grant.js';
import { html, readCookie, setCookie } from './http.js';
import { renderErrorPage, renderLoginPage } from './html.js';
import { authorizeParamsSchema, isS256Challenge, parseParams, splitScopes } from './params.js';

const trustSchema = z.object({
  client_id: z.string({ error: 'client_id is required' }).min(1, { error: 'client_id is required' }),
  redirect_uri: z.string({ error: 'redirect_uri is required' }).min(1, { error: 'redirect_uri is required' }),
});

export type TrustResult =
  { ok: true; clientId: string; client: OAuthClientInfo; redirectUri: string } | { ok: false; response: Response };

/** Checks client_id and redirect_uri (exact match, as Cognito does) before anything redirects. */
export function trustRedirect(ctx: OAuthContext, params: URLSearchParams): TrustResult {
  // Only these two decide where the browser may go; the other parameters are judged later.
  const trustParams = new URLSearchParams([...params].filter(([key]) => key === 'client_id' || key === 'redirect_uri'));
  const parsed = parseParams(trustSchema, trustParams);
  if (!parsed.ok) return { ok: false, response: badRequestPage(parsed.description) };
  const { client_id: clientId, redirect_uri: redirectUri } = parsed.value;
  const client = ctx.backend.findClient(clientId);
  if (!client) return { ok: false, response: badRequestPage('client_id is not a known app client.') };
  if (!client.callbackUrls.includes(redirectUri) || !URL.canParse(redirectUri)) {
    return {
      ok: false,
      response: badRequestPage("redirect_uri is not one of the app client's callback URLs."),
    };
  }
  return { ok: true, clientId, client, redirectUri };
}

export function badRequestPage(message: string): Response {
  return html(renderErrorPage('Sign-in request refused', message), 400);
}

export async function authorize(request: Request, ctx: OAuthContext): Promise<Response> {
  const params = new URL(request.url).searchParams;
  const trusted = trustRedirect(ctx, params);
  if (!trusted.ok) return trusted.response;
  const state = params.getAll('state').length === 1 ? (params.get('state') ?? undefined) : undefined;
  const fail = (error: string, description: string) =>
    redirectWithError({ redirectUri: trusted.redirectUri, state }, error, description);

  const parsed = parseParams(authorizeParamsSchema, params);
  if (!parsed.ok) return fail('invalid_request', parsed.description);
  const p = parsed.value;
  if (p.response_type !== 'code') {
    return fail('unsupported_response_type', 'response_type must be code');
  }

  const allowed = trusted.client.allowedScopes;
  const requested = splitScopes(p.scope);
  const unknown = requested.find((scope) => !allowed.includes(scope));
  if (unknown !== undefined) {
    return fail('invalid_scope', `scope ${unknown} is not allowed for this app client`);
  }

  const pkceProblem = checkPkce(p.code_challenge, p.code_challenge_method);
  if (pkceProblem) return fail('invalid_request', pkceProblem);

  const authRequest: AuthorizationRequest = {
    clientId: trusted.clientId,
    redirectUri: trusted.redirectUri,
    // Cognito grants every allowed scope when the request names none.
    scopes: requested.length > 0 ? requested : [...allowed],
    state: p.state,
    nonce: p.nonce,
    codeChallenge: p.code_challenge,
  };

  const sessionId = readCookie(request, ctx.cookieNames.session);
  const session = sessionId ? ctx.sessions.get(sessionId) : undefined;
  if (session && p.prompt !== 'login') return redirectWithCode(ctx, authRequest, session);
  if (p.prompt === 'none') return fail('login_required', 'the user is not signed in');

  return showLoginForm(request, ctx, authRequest);
}

/** S256 only: `plain` sends the secret itself through the browser, which defeats PKCE. */
function checkPkce(challenge?: string, method?: string): string | undefined {
  if (challenge === undefined) {
    return method === undefined ? undefined : 'code_challenge is required with code_challenge_method';
  }
  if (method === 'plain') return 'code_challenge_method plain is not supported; use S256';
  if (method !== 'S256') return 'code_challenge_method must be S256';
  if (!isS256Challenge(challenge)) {
    return 'code_challenge must be the 43-character base64url SHA-256 of the code_verifier';
  }
  return undefined;
}

function showLoginForm(request: Request, ctx: OAuthContext, authRequest: AuthorizationRequest) {
  const existing = readCookie(request, ctx.cookieNames.browser);
  const browserId = existing || createCodeVerifier(16);
  const transaction = createCodeVerifier(24);
  ctx.transactions.set(transaction, { request: authRequest, browserId });
  const cookies = existing ? [] : [setCookie(request, ctx.cookieNames.browser, browserId)];
  return html(renderLoginPage({ transaction, clientId: authRequest.clientId }), 200, cookies);
}
