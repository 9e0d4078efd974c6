/**
 * What an app pastes to use a running IdP: the `COGNITO_*` block for next-cognito-session's
 * `.env.local`, and the `Amplify.configure` call for aws-amplify in the browser. Printed by the
 * CLI banner; the consumer-app tests start the app from exactly these lines, so they stay right.
 *
 * @example
 *   console.log(appEnvBlock(idp).join('\n'));
 */
import type { RunningIdp } from './options.js';

type IdpAddress = Pick<RunningIdp, 'url' | 'poolId' | 'issuer' | 'jwksUri' | 'defaultClientId'>;

/** The env vars next-cognito-session reads, for this IdP and its default app client. */
export function appEnv(idp: IdpAddress): Record<string, string> {
  return {
    COGNITO_USER_POOL_ID: idp.poolId,
    COGNITO_CLIENT_ID: idp.defaultClientId,
    COGNITO_ENDPOINT: `${idp.url}/`,
    // Both named even though the JWKS URL follows from a local issuer: with `--issuer aws` the
    // issuer is AWS's form while the keys are still served here.
    COGNITO_ISSUER: idp.issuer,
    COGNITO_JWKS_URI: idp.jwksUri,
  };
}

/** Banner lines; the env lines are unindented so a pasted block is a valid .env file. */
export function appEnvBlock(idp: IdpAddress): string[] {
  return [
    '  for next-cognito-session (.env.local):',
    ...Object.entries(appEnv(idp)).map(([name, value]) => `${name}=${value}`),
    `  (for the hosted UI also COGNITO_OAUTH_DOMAIN as ${idp.url}, COGNITO_REDIRECT_SIGN_IN and COGNITO_REDIRECT_SIGN_OUT)`,
    '  for aws-amplify in the browser:',
    `    Amplify.configure({ Auth: { Cognito: { userPoolId: '${idp.poolId}', userPoolClientId: '${idp.defaultClientId}', ` +
      `userPoolEndpoint: '${idp.url}' } } }, { ssr: true });`,
  ];
}
