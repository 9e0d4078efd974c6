/**
 * The runner's options as env vars: which variable feeds which option (also the names errors
 * use), and the reading of them into a `RunnerInput`. Validation stays in config.ts, so a value
 * read here is reported by the same rule, under its env var's name.
 */
import type { RunnerInput } from './config.js';

export type Env = Record<string, string | undefined>;

/** Which env var feeds which option — also the names used in error messages. */
export const ENV_VARS = {
  'config.userPoolId': 'COGNITO_USER_POOL_ID',
  'config.userPoolClientId': 'COGNITO_CLIENT_ID',
  'config.userPoolClientSecret': 'COGNITO_CLIENT_SECRET',
  'config.region': 'COGNITO_REGION',
  'config.userPoolEndpoint': 'COGNITO_ENDPOINT',
  'config.issuer': 'COGNITO_ISSUER',
  'config.jwksUri': 'COGNITO_JWKS_URI',
  'config.identityPoolId': 'COGNITO_IDENTITY_POOL_ID',
  'config.identityPoolEndpoint': 'COGNITO_IDENTITY_ENDPOINT',
  'config.oauth.domain': 'COGNITO_OAUTH_DOMAIN',
  'config.oauth.scopes': 'COGNITO_OAUTH_SCOPES',
  'config.oauth.redirectSignIn': 'COGNITO_REDIRECT_SIGN_IN',
  'config.oauth.redirectSignOut': 'COGNITO_REDIRECT_SIGN_OUT',
  'cookies.httpOnly': 'AUTH_COOKIE_HTTP_ONLY',
  'cookies.secure': 'AUTH_COOKIE_SECURE',
  'cookies.domain': 'AUTH_COOKIE_DOMAIN',
  'cookies.maxAge': 'AUTH_COOKIE_MAX_AGE',
  'cookies.encryptionSecret': 'AUTH_COOKIE_SECRET',
  'session.refreshMarginSeconds': 'AUTH_REFRESH_MARGIN_SECONDS',
  'session.redisUrl': 'AUTH_REDIS_URL',
  'session.storeSecret': 'AUTH_STORE_SECRET',
} as const;

/**
 * Builds the runner input from env vars. Values stay strings where the schema wants strings;
 * booleans and numbers are converted here so a typo like `AUTH_COOKIE_HTTP_ONLY=yes` is reported
 * under its env var name rather than silently read as false.
 */
export function inputFromEnv(env: Env): RunnerInput {
  const read = (path: keyof typeof ENV_VARS) => {
    const value = env[ENV_VARS[path]];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };
  const oauthDomain = read('config.oauth.domain');
  return {
    config: {
      userPoolId: read('config.userPoolId') as string,
      userPoolClientId: read('config.userPoolClientId') as string,
      userPoolClientSecret: read('config.userPoolClientSecret'),
      region: read('config.region'),
      userPoolEndpoint: read('config.userPoolEndpoint'),
      issuer: read('config.issuer'),
      jwksUri: read('config.jwksUri'),
      identityPoolId: read('config.identityPoolId'),
      identityPoolEndpoint: read('config.identityPoolEndpoint'),
      oauth: oauthDomain
        ? {
            domain: oauthDomain,
            scopes: read('config.oauth.scopes')
              ?.split(/[\s,]+/)
              .filter(Boolean),
            redirectSignIn: read('config.oauth.redirectSignIn') as string,
            redirectSignOut: read('config.oauth.redirectSignOut') as string,
          }
        : undefined,
    },
    cookies: {
      httpOnly: parseFlag(read('cookies.httpOnly')),
      secure: parseSecure(read('cookies.secure')),
      domain: read('cookies.domain'),
      maxAge: parseNumber(read('cookies.maxAge')),
      encryptionSecret: read('cookies.encryptionSecret')
        ?.split(',')
        .map((s) => s.trim()),
    },
    session: {
      refreshMarginSeconds: parseNumber(read('session.refreshMarginSeconds')),
      redisUrl: read('session.redisUrl'),
      storeSecret: read('session.storeSecret'),
    },
  };
}

function parseFlag(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  return value as unknown as boolean; // let the schema report it under the env var's name
}

function parseSecure(value: string | undefined): boolean | 'auto' | undefined {
  return value === 'auto' ? 'auto' : parseFlag(value);
}

function parseNumber(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  return Number.isFinite(number) ? number : (value as unknown as number);
}
