/**
 * How an app points at this IdP: `createServerRunner`'s `config` for a runner in the same
 * process, or the `COGNITO_*` env vars for one in another (`next start`, Playwright's webServer).
 * Both are built here so a test never spells the pool id, client, endpoint, issuer and JWKS URL
 * by hand — and a wrong issuer (`issuerMode: 'aws'`) cannot slip in unnoticed.
 *
 * @example
 *   const auth = createServerRunner({ config: idp.runnerConfig(), env: {} });
 *   spawn('next', ['start'], { env: { ...process.env, ...idp.appEnv() } });
 */
import type { ClientRegistry } from './clients.js';
import type { AppConfigOptions, IdpRunnerConfig } from './options.js';

export interface IdpAddress {
  url: string;
  poolId: string;
  issuer: string;
  jwksUri: string;
  identityPoolId?: string;
}

export function runnerConfigFor(
  idp: IdpAddress,
  clients: ClientRegistry,
  options: AppConfigOptions = {},
): IdpRunnerConfig {
  const client = options.clientId === undefined ? clients.default : clients.find(options.clientId);
  if (!client) throw new Error(`the local IdP has no app client ${options.clientId}`);
  return {
    userPoolId: idp.poolId,
    userPoolClientId: client.clientId,
    ...(client.clientSecret !== undefined && { userPoolClientSecret: client.clientSecret }),
    userPoolEndpoint: idp.url,
    issuer: idp.issuer,
    jwksUri: idp.jwksUri,
    ...(idp.identityPoolId !== undefined && { identityPoolId: idp.identityPoolId, identityPoolEndpoint: idp.url }),
    ...(options.oauth && { oauth: { domain: idp.url, ...options.oauth } }),
  };
}

/**
 * The env var names are the library's (`ENV_VARS` in next-cognito-session's config-env.ts); they are
 * restated rather than imported because the library's entry point loads Next, which the IdP's
 * process does not have. test/integration/testing-kit.test.ts pins both to the same config.
 */
export function appEnvFor(config: IdpRunnerConfig): Record<string, string> {
  const env: Record<string, string> = {
    COGNITO_USER_POOL_ID: config.userPoolId,
    COGNITO_CLIENT_ID: config.userPoolClientId,
    COGNITO_ENDPOINT: config.userPoolEndpoint,
    COGNITO_ISSUER: config.issuer,
    COGNITO_JWKS_URI: config.jwksUri,
  };
  if (config.identityPoolId !== undefined) env.COGNITO_IDENTITY_POOL_ID = config.identityPoolId;
  if (config.identityPoolEndpoint !== undefined) env.COGNITO_IDENTITY_ENDPOINT = config.identityPoolEndpoint;
  if (config.userPoolClientSecret !== undefined) env.COGNITO_CLIENT_SECRET = config.userPoolClientSecret;
  if (config.oauth) {
    env.COGNITO_OAUTH_DOMAIN = config.oauth.domain;
    env.COGNITO_REDIRECT_SIGN_IN = config.oauth.redirectSignIn;
    env.COGNITO_REDIRECT_SIGN_OUT = config.oauth.redirectSignOut;
    if (config.oauth.scopes) env.COGNITO_OAUTH_SCOPES = config.oauth.scopes.join(' ');
  }
  return env;
}
