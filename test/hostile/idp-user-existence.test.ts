/**
 * Telling which usernames exist. With PreventUserExistenceErrors ENABLED (Cognito's console
 * default, and each local client's) sign-in and confirmation answer an unknown name exactly like
 * a wrong password or code; ConfirmSignUp used to answer it with UserNotFoundException. A client
 * configured LEGACY gets Cognito's old UserNotFoundException on purpose. (SignUp's
 * UsernameExistsException reveals existence in Cognito too; that is not emulated away.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIdp, type RunningIdp } from 'next-cognito-session-idp';
import { callIdp, passwordAuth } from './support/idp-wire';

const LEGACY_CLIENT = 'legacyexistence00000000001';
let idp: RunningIdp;

beforeAll(async () => {
  idp = await startIdp({
    port: 0,
    log: () => {},
    clients: [{ clientId: LEGACY_CLIENT, preventUserExistenceErrors: 'LEGACY' }],
  });
});
afterAll(async () => {
  await idp?.close();
});

const confirm = (username: string, clientId = idp.defaultClientId) =>
  callIdp(idp, 'ConfirmSignUp', { ClientId: clientId, Username: username, ConfirmationCode: '123456' });

describe('PreventUserExistenceErrors', () => {
  it('confirm-unknown-enabled: ConfirmSignUp for an unknown name answers like a wrong code for a real one', async () => {
    await callIdp(idp, 'SignUp', {
      ClientId: idp.defaultClientId,
      Username: 'pending@example.com',
      Password: 'Passw0rd!pending',
    });
    const code = idp.admin.confirmationCode('pending@example.com');
    const real = await confirm('pending@example.com');
    const ghost = await confirm('ghost@example.com');
    if (code !== '123456')
      expect(real.json).toEqual({
        __type: 'CodeMismatchException',
        message: 'Invalid verification code provided, please try again.',
      });
    expect(ghost).toEqual({
      status: 400,
      json: { __type: 'CodeMismatchException', message: 'Invalid verification code provided, please try again.' },
    });
  });

  it('legacy-client: a LEGACY client names unknown users, in sign-in and confirmation, as Cognito does', async () => {
    expect((await passwordAuth(idp, 'ghost@example.com', 'Passw0rd!ghost', LEGACY_CLIENT)).json).toEqual({
      __type: 'UserNotFoundException',
      message: 'User does not exist.',
    });
    expect((await confirm('ghost@example.com', LEGACY_CLIENT)).json).toEqual({
      __type: 'UserNotFoundException',
      message: 'Username/client id combination not found.',
    });
    // The default client keeps hiding it.
    expect((await passwordAuth(idp, 'ghost@example.com', 'Passw0rd!ghost')).json.__type).toBe('NotAuthorizedException');
  });
});
