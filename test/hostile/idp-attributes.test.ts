/**
 * What a user may write about themselves. SignUp used to store any attribute: `email_verified=true`,
 * another user's `email`, `custom:tenant=acme`, and an attribute named `cognito:groups` that
 * replaced that claim in the ID token. Cognito refuses names outside the pool's schema, never lets
 * an app client set the verification flags, applies each client's WriteAttributes, and shows a
 * client only its ReadAttributes. Admin operations (IAM-authorized) may set `email_verified`.
 */
import {
  AdminCreateUserCommand,
  GetUserCommand,
  InitiateAuthCommand,
  SignUpCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIdp, type RunningIdp } from 'next-cognito-session-idp';
import { adminSdk, callIdp, passwordAuth, publicSdk } from './support/idp-wire';

/** A second app client that may read only the e-mail pair. */
const NARROW_CLIENT = 'narrowreader000000000000001';

let idp: RunningIdp;
let sdk: CognitoIdentityProviderClient;
let admin: CognitoIdentityProviderClient;

beforeAll(async () => {
  idp = await startIdp({
    port: 0,
    log: () => {},
    clients: [{ clientId: NARROW_CLIENT, name: 'narrow', readAttributes: ['email', 'email_verified'] }],
  });
  sdk = publicSdk(idp);
  admin = adminSdk(idp);
});
afterAll(async () => {
  sdk?.destroy();
  admin?.destroy();
  await idp?.close();
});

function signUp(username: string, attributes: Record<string, string>) {
  return sdk.send(
    new SignUpCommand({
      ClientId: idp.defaultClientId,
      Username: username,
      Password: 'Passw0rd!attrs',
      UserAttributes: Object.entries(attributes).map(([Name, Value]) => ({ Name, Value })),
    }),
  );
}

async function confirmAndSignIn(username: string, clientId = idp.defaultClientId) {
  await callIdp(idp, 'ConfirmSignUp', {
    ClientId: idp.defaultClientId,
    Username: username,
    ConfirmationCode: idp.admin.confirmationCode(username),
  });
  const answer = await passwordAuth(idp, username, 'Passw0rd!attrs', clientId);
  return answer.json.AuthenticationResult as { IdToken: string; AccessToken: string };
}

const UNDETERMINED = (name: string) =>
  `Attributes did not conform to the schema: Type for attribute {${name}} could not be determined`;

describe('SignUp writes only what the app client may write', () => {
  it('sign-up-email-verified: a user cannot declare their own e-mail verified', async () => {
    await expect(
      signUp('self-verified@example.com', { email: 'self-verified@example.com', email_verified: 'true' }),
    ).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: 'Cannot modify the non-mutable attribute email_verified',
    });
    await expect(
      signUp('phone@example.com', { phone_number: '+15555550100', phone_number_verified: 'true' }),
    ).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: 'Cannot modify the non-mutable attribute phone_number_verified',
    });
  });

  it('sign-up-cognito-groups: an attribute named cognito:groups is outside the schema, so no ID token can carry it', async () => {
    await expect(
      signUp('groupie@example.com', { email: 'groupie@example.com', 'cognito:groups': 'ADMINS' }),
    ).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: UNDETERMINED('cognito:groups'),
    });
    await expect(signUp('groupie@example.com', { 'cognito:username': 'admin@example.com' })).rejects.toMatchObject({
      name: 'InvalidParameterException',
    });
    // The refused SignUps created nothing.
    await signUp('groupie@example.com', { email: 'groupie@example.com' });
    const tokens = await confirmAndSignIn('groupie@example.com');
    expect(decodeJwt(tokens.IdToken)['cognito:groups']).toBeUndefined();
  });

  it('sign-up-undeclared-custom: custom:undeclared has no type in this pool', async () => {
    await expect(signUp('custom@example.com', { 'custom:undeclared': 'x' })).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: UNDETERMINED('custom:undeclared'),
    });
  });

  it('sign-up-unwritable-custom: custom:tenant is declared but not in the app client’s WriteAttributes', async () => {
    await expect(
      signUp('tenant@example.com', { email: 'tenant@example.com', 'custom:tenant': 'acme' }),
    ).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'A client attempted to write unauthorized attribute',
    });
  });

  it('sign-up-another-users-email: another user’s e-mail is refused and that user is untouched', async () => {
    await expect(signUp('mallory@example.net', { email: 'Demo@Example.com', name: 'Mallory' })).rejects.toMatchObject({
      name: 'UsernameExistsException',
      message: 'An account with the given email already exists.',
    });
    const demo = (await passwordAuth(idp, 'demo@example.com', 'Passw0rd!demo')).json.AuthenticationResult;
    expect(decodeJwt(demo.IdToken)).toMatchObject({
      'cognito:username': 'demo@example.com',
      email: 'demo@example.com',
      name: 'Demo User',
    });
    // Nor can the e-mail be claimed first and the username later.
    await signUp('first@example.net', { email: 'squatted@example.com' });
    await expect(signUp('squatted@example.com', { email: 'squatted@example.com' })).rejects.toMatchObject({
      name: 'UsernameExistsException',
    });
  });

  it('new-password-attributes: the NEW_PASSWORD_REQUIRED answer obeys the same rules', async () => {
    await idp.admin.createUser({
      username: 'np-attrs@example.com',
      password: 'Temp0rary!pw',
      attributes: { email: 'np-attrs@example.com' },
      status: 'FORCE_CHANGE_PASSWORD',
    });
    const started = await passwordAuth(idp, 'np-attrs@example.com', 'Temp0rary!pw');
    const answer = (attribute: string) =>
      callIdp(idp, 'RespondToAuthChallenge', {
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        ClientId: idp.defaultClientId,
        Session: started.json.Session,
        ChallengeResponses: {
          USERNAME: 'np-attrs@example.com',
          NEW_PASSWORD: 'Chosen-Passw0rd',
          [`userAttributes.${attribute}`]: 'x',
        },
      });
    expect((await answer('cognito:groups')).json).toMatchObject({
      __type: 'InvalidParameterException',
      message: UNDETERMINED('cognito:groups'),
    });
    expect((await answer('custom:tenant')).json).toMatchObject({
      __type: 'NotAuthorizedException',
      message: 'A client attempted to write unauthorized attribute',
    });
    expect((await answer('email')).json).toMatchObject({
      __type: 'InvalidParameterException',
      message: 'Invalid email address format.',
    });
  });
});

describe('AdminCreateUser is IAM-authorized, but still bound by the schema', () => {
  it('admin-may-verify: an admin sets email_verified and custom:tenant; the token shows them', async () => {
    await admin.send(
      new AdminCreateUserCommand({
        UserPoolId: idp.poolId,
        Username: 'staffer@example.com',
        TemporaryPassword: 'Temp-Passw0rd',
        UserAttributes: [
          { Name: 'email', Value: 'staffer@example.com' },
          { Name: 'email_verified', Value: 'true' },
          { Name: 'custom:tenant', Value: 'globex' },
        ],
      }),
    );
    await expect(
      admin.send(
        new AdminCreateUserCommand({
          UserPoolId: idp.poolId,
          Username: 'promoted@example.com',
          UserAttributes: [{ Name: 'cognito:groups', Value: 'ADMINS' }],
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException', message: UNDETERMINED('cognito:groups') });
    await expect(
      admin.send(
        new AdminCreateUserCommand({
          UserPoolId: idp.poolId,
          Username: 'clone@example.com',
          UserAttributes: [{ Name: 'email', Value: 'admin@example.com' }],
        }),
      ),
    ).rejects.toMatchObject({ name: 'UsernameExistsException' });
  });
});

describe('reads follow the app client’s ReadAttributes', () => {
  it('read-attributes: a client that may read only the e-mail pair gets no name or tenant, in the ID token or GetUser', async () => {
    const signedIn = await sdk.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: NARROW_CLIENT,
        AuthParameters: { USERNAME: 'admin@example.com', PASSWORD: 'Passw0rd!admin' },
      }),
    );
    const id = decodeJwt(signedIn.AuthenticationResult!.IdToken!);
    expect(id).toMatchObject({ email: 'admin@example.com', email_verified: true, 'cognito:groups': ['ADMINS'] });
    expect(id.name).toBeUndefined();
    expect(id['custom:tenant']).toBeUndefined();
    const user = await sdk.send(new GetUserCommand({ AccessToken: signedIn.AuthenticationResult!.AccessToken }));
    expect(user.UserAttributes?.map((a) => a.Name).sort()).toEqual(['email', 'email_verified', 'sub']);

    // The default client reads everything, as Cognito's default ReadAttributes does.
    const wide = (await passwordAuth(idp, 'admin@example.com', 'Passw0rd!admin')).json.AuthenticationResult;
    expect(decodeJwt(wide.IdToken)).toMatchObject({ name: 'Admin User', 'custom:tenant': 'acme' });
  });
});
