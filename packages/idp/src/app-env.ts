/**
 * What an app pastes to use a running IdP: the `COGNITO_*` block for next-cognito-session's
 * `.env.local`, and the `Amplify.configure` call for aws-amplify in the browser. Printed by the
 * CLI banner; the consumer-app tests start the app from exactly these lines, so they stay right.
 * The values are `idp.appEnv()`'s (app-config.ts), the same ones tests hand to `next start`.
 *
 * @example
 *   console.log(appEnvBlock(idp).join('\n'));
 */
import type { RunningIdp } from './options.js';

/** Banner lines; the env lines are unindented so a pasted block is a valid .env file. */
export function appEnvBlock(
  idp: Pick<RunningIdp, 'url' | 'poolId' | 'defaultClientId' | 'appEnv'> & { identityPoolId?: string },
): string[] {
  const identityPool =
    idp.identityPoolId === undefined
      ? ''
      : `identityPoolId: '${idp.identityPoolId}', identityPoolEndpoint: '${idp.url}', `;
  return [
    '  for next-cognito-session (.env.local):',
    ...Object.entries(idp.appEnv()).map(([name, value]) => `${name}=${value}`),
    `  (for the hosted UI also COGNITO_OAUTH_DOMAIN as ${idp.url}, COGNITO_REDIRECT_SIGN_IN and COGNITO_REDIRECT_SIGN_OUT)`,
    '  for aws-amplify in the browser:',
    `    Amplify.configure({ Auth: { Cognito: { userPoolId: '${idp.poolId}', userPoolClientId: '${idp.defaultClientId}', ` +
      `userPoolEndpoint: '${idp.url}', ${identityPool}} } }, { ssr: true });`.replace(', } } }', ' } } }'),
  ];
}
