/**
 * GET /logout: ends the hosted-UI session and sends the browser on. Two forms, as in Cognito:
 * `client_id` + `logout_uri` (one of the client's sign-out URLs) redirects there;
 * `client_id` + `redirect_uri` + `response_type` (+ scope, state, …) signs in again by going
 * back to /oauth2/authorize with those parameters.
 */
import { trustRedirect, badRequestPage } from './authorize.js';
import type { OAuthContext } from './context.js';
import { clearCookie, readCookie, redirect } from './http.js';
import { logoutParamsSchema, parseParams } from './params.js';

export async function logout(request: Request, ctx: OAuthContext): Promise<Response> {
  const url = new URL(request.url);
  const parsed = parseParams(logoutParamsSchema, url.searchParams);
  if (!parsed.ok) return badRequestPage(parsed.description);
  const { client_id: clientId, logout_uri: logoutUri, redirect_uri: redirectUri } = parsed.value;

  let target: string;
  if (logoutUri !== undefined) {
    const client = ctx.backend.findClient(clientId);
    if (!client) return badRequestPage('client_id is not a known app client.');
    if (!client.logoutUrls.includes(logoutUri) || !URL.canParse(logoutUri)) {
      return badRequestPage("logout_uri is not one of the app client's sign-out URLs.");
    }
    target = logoutUri;
  } else if (redirectUri !== undefined) {
    const trusted = trustRedirect(ctx, url.searchParams);
    if (!trusted.ok) return trusted.response;
    const authorize = new URL('/oauth2/authorize', ctx.origin());
    authorize.search = url.search;
    target = authorize.toString();
  } else {
    return badRequestPage('logout_uri or redirect_uri is required.');
  }

  const sessionId = readCookie(request, ctx.cookieNames.session);
  if (sessionId) ctx.sessions.delete(sessionId);
  return redirect(target, {}, [clearCookie(request, ctx.cookieNames.session)]);
}
