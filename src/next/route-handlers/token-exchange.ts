/**
 * The back-channel half of the hosted UI: POST /oauth2/token with the authorization code and
 * the PKCE verifier (RFC 6749 §4.1.3, RFC 7636 §4.5), bounded by the runner's IdP timeout.
 * Failures are typed like the JSON API's: outages `IdpUnavailable`, refusals `IdpRejected`, a
 * client the IdP does not accept `ConfigInvalid`.
 */
import { check, object, optional, string } from '../../schema.js';
import { ConfigInvalid, IdpRejected, IdpUnavailable } from '../../errors.js';
import type { RouteContext } from './context.js';
import type { IssuedTokens } from './establish-session.js';
import { requireOAuth } from './hosted-sign-in.js';

const token = string({ min: 1 });
const tokenAnswer = object({
  access_token: token,
  id_token: optional(token),
  refresh_token: optional(token),
});
const errorAnswer = object({ error: string(), error_description: optional(string()) });

export async function exchangeCode(
  ctx: RouteContext,
  input: { code: string; verifier: string },
): Promise<IssuedTokens> {
  const { config } = ctx.core;
  const oauth = requireOAuth(ctx);
  const endpoint = `${oauth.domain}/oauth2/token`;
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (config.clientSecret) headers.authorization = basicAuth(config.clientId, config.clientSecret);
  const body = new URLSearchParams({
    grant_type: 'authorization_code',
    code: input.code,
    redirect_uri: oauth.redirectSignIn,
    client_id: config.clientId,
    code_verifier: input.verifier,
  });

  const { status, text } = await post(ctx, endpoint, headers, body.toString());
  if (status >= 200 && status < 300) return readTokens(endpoint, text);
  const refusal = status < 500 && status !== 429 ? check(errorAnswer, safeJson(text)) : undefined;
  if (!refusal?.success)
    throw new IdpUnavailable(`hosted UI at ${endpoint} answered the code exchange with HTTP ${status}`);
  const { error, error_description: description } = refusal.data;
  const detail = `${error}${description ? `: ${description}` : ''}`;
  if (error === 'invalid_client' || error === 'unauthorized_client') {
    throw new ConfigInvalid(
      `hosted UI refused app client ${config.clientId} (${detail}); check the client id and secret`,
    );
  }
  throw new IdpRejected(error, `The sign-in could not be completed (${detail}). Please sign in again.`);
}

async function post(ctx: RouteContext, url: string, headers: Record<string, string>, body: string) {
  const timeoutMs = ctx.core.config.session.idpTimeoutMs;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await ctx.options.fetch(url, {
      method: 'POST',
      headers,
      body,
      redirect: 'manual',
      signal: controller.signal,
    });
    return { status: response.status, text: await response.text() };
  } catch (cause) {
    const what = controller.signal.aborted ? `did not answer within ${timeoutMs} ms` : 'could not be reached';
    throw new IdpUnavailable(`hosted UI at ${url} ${what}`, { cause });
  } finally {
    clearTimeout(timer);
  }
}

function readTokens(endpoint: string, text: string): IssuedTokens {
  const parsed = check(tokenAnswer, safeJson(text));
  if (!parsed.success) throw new IdpUnavailable(`hosted UI at ${endpoint} answered with an unexpected token body`);
  const { access_token: accessToken, id_token: idToken, refresh_token: refreshToken } = parsed.data;
  // Cognito only issues an ID token for the openid scope, and a session needs one.
  if (!idToken) throw new ConfigInvalid('the hosted UI returned no ID token: add "openid" to config.oauth.scopes');
  return { accessToken, idToken, ...(refreshToken ? { refreshToken } : {}) };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** RFC 6749 §2.3.1: each half form-urlencoded before base64. */
function basicAuth(id: string, secret: string): string {
  const encode = (value: string) => encodeURIComponent(value).replace(/%20/g, '+');
  const pair = new TextEncoder().encode(`${encode(id)}:${encode(secret)}`);
  let binary = '';
  for (const byte of pair) binary += String.fromCharCode(byte);
  return `Basic ${btoa(binary)}`;
}
