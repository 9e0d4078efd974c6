/**
 * The real AWS SDK v3 Cognito client against the local IdP: sign-in, refresh (rotating and
 * not), revocation, global sign-out, sign-up and the admin operations, with Cognito's error names.
 */
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  ConfirmSignUpCommand,
  GetTokensFromRefreshTokenCommand,
  GetUserCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  RevokeTokenCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIdp, type RunningIdp } from 'next-cognito-session-idp';
import seed from 'next-cognito-session-idp/demo-seed.json';

const NON_ROTATING = seed.clients.find((c) => c.name === 'non-rotating')!.clientId;
const logLines: string[] = [];
let idp: RunningIdp;
let sdk: CognitoIdentityProviderClient;

beforeAll(async () => {
  idp = await startIdp({ port: 0, log: (line) => logLines.push(line) });
  sdk = new CognitoIdentityProviderClient({
    endpoint: idp.url,
    region: 'us-east-1',
    // Public operations go unsigned; the admin ones below need the IdP's admin key pair.
    credentials: idp.adminCredentials,
    maxAttempts: 1,
  });
});

afterAll(async () => {
  sdk?.destroy();
  await idp?.close();
});

function passwordSignIn(username: string, password: string, clientId = idp.defaultClientId) {
  return sdk.send(
    new InitiateAuthCommand({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: clientId,
      AuthParameters: { USERNAME: username, PASSWORD: password },
    }),
  );
}

async function demoSession(clientId = idp.defaultClientId) {
  const { AuthenticationResult } = await passwordSignIn('demo@example.com', 'Passw0rd!demo', clientId);
  return AuthenticationResult!;
}

describe('AWS SDK v3 against the local IdP', () => {
  it('signs in with USER_PASSWORD_AUTH and answers GetUser', async () => {
    const result = await demoSession();
    expect(result).toMatchObject({ TokenType: 'Bearer', ExpiresIn: 3600 });
    expect(result.RefreshToken).toMatch(/^[A-Za-z0-9_-]{80,}$/);
    expect(() => decodeJwt(result.RefreshToken!)).toThrow();
    const user = await sdk.send(new GetUserCommand({ AccessToken: result.AccessToken }));
    expect(user.Username).toBe('demo@example.com');
    expect(user.UserAttributes).toContainEqual({ Name: 'sub', Value: '232e3c25-68fb-44d3-970b-03c97bea5b13' });
  });

  it('refuses a wrong password and an unknown user alike', async () => {
    for (const [user, password] of [
      ['demo@example.com', 'Wr0ng!pass'],
      ['ghost@example.com', 'Passw0rd!demo'],
    ]) {
      await expect(passwordSignIn(user!, password!)).rejects.toMatchObject({
        name: 'NotAuthorizedException',
        message: 'Incorrect username or password.',
      });
    }
  });

  it('rotates refresh tokens on the rotating client, keeping auth_time and origin_jti', async () => {
    const first = await demoSession();
    const refreshed = await sdk.send(
      new GetTokensFromRefreshTokenCommand({ ClientId: idp.defaultClientId, RefreshToken: first.RefreshToken }),
    );
    const next = refreshed.AuthenticationResult!;
    expect(next.RefreshToken).toBeDefined();
    expect(next.RefreshToken).not.toBe(first.RefreshToken);
    const before = decodeJwt(first.AccessToken!);
    const after = decodeJwt(next.AccessToken!);
    expect(after.origin_jti).toBe(before.origin_jti);
    expect(after.auth_time).toBe(before.auth_time);
    expect(after.jti).not.toBe(before.jti);
  });

  it('refuses REFRESH_TOKEN_AUTH on a rotating client and serves it without a refresh token otherwise', async () => {
    const rotating = await demoSession();
    await expect(
      sdk.send(
        new InitiateAuthCommand({
          AuthFlow: 'REFRESH_TOKEN_AUTH',
          ClientId: idp.defaultClientId,
          AuthParameters: { REFRESH_TOKEN: rotating.RefreshToken! },
        }),
      ),
    ).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: expect.stringContaining('GetTokensFromRefreshToken'),
    });

    const plain = await demoSession(NON_ROTATING);
    const viaInitiate = await sdk.send(
      new InitiateAuthCommand({
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        ClientId: NON_ROTATING,
        AuthParameters: { REFRESH_TOKEN: plain.RefreshToken! },
      }),
    );
    expect(viaInitiate.AuthenticationResult?.AccessToken).toBeDefined();
    expect(viaInitiate.AuthenticationResult?.RefreshToken).toBeUndefined();
    const viaGetTokens = await sdk.send(
      new GetTokensFromRefreshTokenCommand({ ClientId: NON_ROTATING, RefreshToken: plain.RefreshToken }),
    );
    expect(viaGetTokens.AuthenticationResult?.RefreshToken).toBeUndefined();
  });

  it('RevokeToken kills the family: refresh and GetUser then fail', async () => {
    const session = await demoSession();
    const other = await demoSession();
    await sdk.send(new RevokeTokenCommand({ ClientId: idp.defaultClientId, Token: session.RefreshToken }));
    await expect(sdk.send(new GetUserCommand({ AccessToken: session.AccessToken }))).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Access Token has been revoked',
    });
    await expect(
      sdk.send(
        new GetTokensFromRefreshTokenCommand({ ClientId: idp.defaultClientId, RefreshToken: session.RefreshToken }),
      ),
    ).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Refresh Token has been revoked' });
    // Another sign-in of the same user is another family, untouched.
    await expect(sdk.send(new GetUserCommand({ AccessToken: other.AccessToken }))).resolves.toBeDefined();
    // RFC 7009: revoking an unknown token is not an error.
    await expect(
      sdk.send(new RevokeTokenCommand({ ClientId: idp.defaultClientId, Token: 'nope' })),
    ).resolves.toBeDefined();
  });

  it('GlobalSignOut revokes every session of the user', async () => {
    const a = await demoSession();
    const b = await demoSession(NON_ROTATING);
    await sdk.send(new GlobalSignOutCommand({ AccessToken: a.AccessToken }));
    for (const session of [a, b]) {
      await expect(sdk.send(new GetUserCommand({ AccessToken: session.AccessToken }))).rejects.toMatchObject({
        name: 'NotAuthorizedException',
        message: 'Access Token has been revoked',
      });
    }
    await expect(
      sdk.send(new GetTokensFromRefreshTokenCommand({ ClientId: NON_ROTATING, RefreshToken: b.RefreshToken })),
    ).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Refresh Token has been revoked' });
    // A fresh sign-in after the global sign-out works.
    await expect(demoSession()).resolves.toBeDefined();
  });

  it('signs up, confirms with the logged code, and signs in', async () => {
    const signUp = await sdk.send(
      new SignUpCommand({
        ClientId: idp.defaultClientId,
        Username: 'fresh@example.com',
        Password: 'Fresh-Passw0rd',
        UserAttributes: [{ Name: 'email', Value: 'fresh@example.com' }],
      }),
    );
    expect(signUp.UserConfirmed).toBe(false);
    await expect(passwordSignIn('fresh@example.com', 'Fresh-Passw0rd')).rejects.toMatchObject({
      name: 'UserNotConfirmedException',
    });
    const line = logLines.find((l) => l.includes('fresh@example.com') && l.includes('confirmation code'));
    const code = /(\d{6})/.exec(line ?? '')?.[1];
    expect(code).toBe(idp.admin.confirmationCode('fresh@example.com'));
    await expect(
      sdk.send(
        new ConfirmSignUpCommand({
          ClientId: idp.defaultClientId,
          Username: 'fresh@example.com',
          ConfirmationCode: '000000x',
        }),
      ),
    ).rejects.toMatchObject({ name: 'CodeMismatchException' });
    await sdk.send(
      new ConfirmSignUpCommand({
        ClientId: idp.defaultClientId,
        Username: 'fresh@example.com',
        ConfirmationCode: code!,
      }),
    );
    await expect(passwordSignIn('fresh@example.com', 'Fresh-Passw0rd')).resolves.toBeDefined();
    await expect(
      sdk.send(
        new SignUpCommand({ ClientId: idp.defaultClientId, Username: 'fresh@example.com', Password: 'Fresh-Passw0rd' }),
      ),
    ).rejects.toMatchObject({ name: 'UsernameExistsException' });
    await expect(
      sdk.send(new SignUpCommand({ ClientId: idp.defaultClientId, Username: 'weak@example.com', Password: 'weak' })),
    ).rejects.toMatchObject({ name: 'InvalidPasswordException' });
  });

  it('creates users as an admin: FORCE_CHANGE_PASSWORD, groups, permanent passwords', async () => {
    const created = await sdk.send(
      new AdminCreateUserCommand({
        UserPoolId: idp.poolId,
        Username: 'staff@example.com',
        TemporaryPassword: 'Temp-Passw0rd',
        UserAttributes: [
          { Name: 'email', Value: 'staff@example.com' },
          { Name: 'custom:tenant', Value: 'globex' },
        ],
      }),
    );
    expect(created.User?.UserStatus).toBe('FORCE_CHANGE_PASSWORD');
    const challenge = await passwordSignIn('staff@example.com', 'Temp-Passw0rd');
    expect(challenge.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
    expect(challenge.AuthenticationResult).toBeUndefined();
    const answered = await sdk.send(
      new RespondToAuthChallengeCommand({
        ClientId: idp.defaultClientId,
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        Session: challenge.Session,
        ChallengeResponses: { USERNAME: 'staff@example.com', NEW_PASSWORD: 'Chosen-Passw0rd' },
      }),
    );
    expect(answered.AuthenticationResult?.IdToken).toBeDefined();

    await sdk.send(
      new AdminAddUserToGroupCommand({ UserPoolId: idp.poolId, Username: 'staff@example.com', GroupName: 'ADMINS' }),
    );
    await sdk.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: idp.poolId,
        Username: 'staff@example.com',
        Password: 'Perm-Passw0rd',
        Permanent: true,
      }),
    );
    const result = (await passwordSignIn('staff@example.com', 'Perm-Passw0rd')).AuthenticationResult!;
    const id = decodeJwt(result.IdToken!);
    expect(id['cognito:groups']).toEqual(['ADMINS']);
    expect(id['custom:tenant']).toBe('globex');
    expect(decodeJwt(result.AccessToken!)['cognito:groups']).toEqual(['ADMINS']);

    await expect(
      sdk.send(
        new AdminAddUserToGroupCommand({ UserPoolId: idp.poolId, Username: 'staff@example.com', GroupName: 'NOPE' }),
      ),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    await expect(
      sdk.send(
        new AdminSetUserPasswordCommand({ UserPoolId: 'us-east-1_Other', Username: 'x', Password: 'Perm-Passw0rd' }),
      ),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    await expect(
      sdk.send(
        new AdminSetUserPasswordCommand({
          UserPoolId: idp.poolId,
          Username: 'ghost@example.com',
          Password: 'Perm-Passw0rd',
        }),
      ),
    ).rejects.toMatchObject({ name: 'UserNotFoundException' });
  });
});
