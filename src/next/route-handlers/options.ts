/**
 * Options of `auth.routeHandlers()`, resolved once per handler set.
 */
import type { FetchLike } from '../../tokens/index.js';

export interface RouteHandlerOptions {
  /** The app's sign-in page; failed form posts come back here with `?error=<code>`. Default `/sign-in`. */
  signInPath?: string;
  /** Where a successful sign-in lands when no (safe) `returnTo` came with it. Default `/`. */
  afterSignInPath?: string;
  /** Where sign-out lands when no (safe) `returnTo` came with it. Default `/`. */
  afterSignOutPath?: string;
  /**
   * With `config.oauth`, sign-out also ends the hosted UI's own session by sending the browser to
   * the IdP's `/logout`, which lands it on `config.oauth.redirectSignOut` — not on `returnTo`
   * or `afterSignOutPath`. Without it, the next hosted sign-in comes back signed in with no
   * password asked. Skipped when a global sign-out failed, so `?warning=` reaches the app.
   * Default true; `false` keeps sign-out on the app.
   */
  hostedSignOut?: boolean;
  /**
   * Retry with USER_PASSWORD_AUTH when the app client refuses USER_SRP_AUTH. Off by default:
   * that flow sends the password itself to Cognito, so enable it only on purpose.
   */
  passwordFallback?: boolean;
  /**
   * Origins besides the app's own allowed to POST sign-in, sign-out and refresh (e.g. a second
   * front-end domain). Exact `scheme://host[:port]` strings.
   */
  trustedOrigins?: string[];
  /** Put the raw tokens into `GET session` and the access token into `POST refresh`. Default false: they stay in cookies. */
  exposeTokens?: boolean;
  /** For the OAuth token exchange; pass the runner's so tests and proxies see one fetch. */
  fetch?: FetchLike;
}

export interface ResolvedRouteOptions {
  readonly signInPath: string;
  readonly afterSignInPath: string;
  readonly afterSignOutPath: string;
  readonly hostedSignOut: boolean;
  readonly passwordFallback: boolean;
  readonly trustedOrigins: ReadonlySet<string>;
  readonly exposeTokens: boolean;
  readonly fetch: FetchLike;
}

export function resolveRouteOptions(options: RouteHandlerOptions = {}): ResolvedRouteOptions {
  return Object.freeze({
    signInPath: options.signInPath ?? '/sign-in',
    afterSignInPath: options.afterSignInPath ?? '/',
    afterSignOutPath: options.afterSignOutPath ?? '/',
    hostedSignOut: options.hostedSignOut ?? true,
    passwordFallback: options.passwordFallback ?? false,
    // Compared against browsers' serialised Origin, which never has a trailing slash.
    trustedOrigins: new Set((options.trustedOrigins ?? []).map(normaliseOrigin)),
    exposeTokens: options.exposeTokens ?? false,
    fetch: options.fetch ?? ((input: string, init?: RequestInit) => fetch(input, init)),
  });
}

function normaliseOrigin(origin: string): string {
  try {
    return new URL(origin).origin;
  } catch {
    return origin;
  }
}
