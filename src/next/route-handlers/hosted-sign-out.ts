/**
 * Where the browser goes to end its hosted-UI session: `GET <oauth domain>/logout?client_id=…&logout_uri=…`.
 *
 * The hosted UI keeps a session of its own, in a cookie on the Cognito domain that our
 * Set-Cookie cannot reach. Clearing the app's cookies and revoking the refresh token leave it in
 * place, so the next "sign in with the hosted UI" comes straight back signed in, no password
 * asked. Only a browser visit to /logout ends it — what aws-amplify's `signOut()` does when OAuth
 * is configured.
 *
 * Cognito sends the browser on to `logout_uri` only when it equals one of the app client's
 * sign-out URLs exactly, and /logout carries no `state`: the visit always ends on
 * `config.oauth.redirectSignOut`, whatever `returnTo` the sign-out asked for.
 *
 * @example
 *   hostedSignOutUrl(config, options)
 *   // 'https://auth.example.com/logout?client_id=33zn…&logout_uri=https%3A%2F%2Fapp.example.com%2F'
 */
import type { ResolvedConfig } from '../../config.js';
import type { ResolvedRouteOptions } from './options.js';

/** @returns undefined without `config.oauth` or with `hostedSignOut: false`: nothing to end. */
export function hostedSignOutUrl(
  config: Pick<ResolvedConfig, 'clientId' | 'oauth'>,
  options: Pick<ResolvedRouteOptions, 'hostedSignOut'>,
): string | undefined {
  if (!config.oauth || !options.hostedSignOut) return undefined;
  const url = new URL(`${config.oauth.domain}/logout`);
  url.search = new URLSearchParams({ client_id: config.clientId, logout_uri: config.oauth.redirectSignOut }).toString();
  return url.toString();
}
