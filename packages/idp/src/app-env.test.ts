import { parseEnv } from 'node:util';
import { describe, expect, it } from 'vitest';
import { appEnvFor } from './app-config.js';
import { appEnvBlock } from './app-env.js';

const address = {
  url: 'http://127.0.0.1:9229',
  poolId: 'us-east-1_LocalPool',
  issuer: 'http://127.0.0.1:9229/us-east-1_LocalPool',
  jwksUri: 'http://127.0.0.1:9229/us-east-1_LocalPool/.well-known/jwks.json',
  defaultClientId: '33zn37okb9wex4qd6zeqrh5wud',
};
const appEnv = (idp: typeof address) =>
  appEnvFor({
    userPoolId: idp.poolId,
    userPoolClientId: idp.defaultClientId,
    userPoolEndpoint: idp.url,
    issuer: idp.issuer,
    jwksUri: idp.jwksUri,
  });
const idp = { ...address, appEnv: () => appEnv(address) };

describe('the env block the banner prints', () => {
  it('pasted as it stands, is a .env file that sets exactly the COGNITO_* the app needs', () => {
    // Lines an app would copy: everything between the two headings.
    const lines = appEnvBlock(idp);
    const block = lines
      .slice(
        1,
        lines.findIndex((line) => line.includes('hosted UI')),
      )
      .join('\n');
    expect(parseEnv(block)).toEqual({
      COGNITO_USER_POOL_ID: 'us-east-1_LocalPool',
      COGNITO_CLIENT_ID: '33zn37okb9wex4qd6zeqrh5wud',
      COGNITO_ENDPOINT: 'http://127.0.0.1:9229',
      COGNITO_ISSUER: 'http://127.0.0.1:9229/us-east-1_LocalPool',
      COGNITO_JWKS_URI: 'http://127.0.0.1:9229/us-east-1_LocalPool/.well-known/jwks.json',
    });
    expect(parseEnv(block)).toEqual(idp.appEnv());
  });

  it("names the JWKS URL even when the issuer is AWS's form (--issuer aws)", () => {
    const aws = { ...address, issuer: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_LocalPool' };
    expect(appEnv(aws)).toMatchObject({ COGNITO_ISSUER: aws.issuer, COGNITO_JWKS_URI: idp.jwksUri });
  });

  it("gives aws-amplify's Cognito config with userPoolEndpoint", () => {
    expect(appEnvBlock(idp).at(-1)).toBe(
      "    Amplify.configure({ Auth: { Cognito: { userPoolId: 'us-east-1_LocalPool', userPoolClientId: '33zn37okb9wex4qd6zeqrh5wud', userPoolEndpoint: 'http://127.0.0.1:9229' } } }, { ssr: true });",
    );
  });

  it('names the identity pool, for the library and for Amplify, when the seed has one', () => {
    const identityPoolId = 'us-east-1:4c5a2b1e-7d3f-4e8a-9b6c-0f1e2d3c4b5a';
    const env = appEnvFor({
      userPoolId: address.poolId,
      userPoolClientId: address.defaultClientId,
      userPoolEndpoint: address.url,
      issuer: address.issuer,
      jwksUri: address.jwksUri,
      identityPoolId,
      identityPoolEndpoint: address.url,
    });
    expect(env).toMatchObject({ COGNITO_IDENTITY_POOL_ID: identityPoolId, COGNITO_IDENTITY_ENDPOINT: address.url });
    const lines = appEnvBlock({ ...address, identityPoolId, appEnv: () => env });
    expect(lines).toContain(`COGNITO_IDENTITY_POOL_ID=${identityPoolId}`);
    expect(lines.at(-1)).toContain(
      `userPoolEndpoint: 'http://127.0.0.1:9229', identityPoolId: '${identityPoolId}', identityPoolEndpoint: 'http://127.0.0.1:9229' } } }`,
    );
  });
});
