/** The operations the local IdP answers, by X-Amz-Target operation name. */
import { adminAddUserToGroup, adminCreateUser, adminSetUserPassword, createGroup } from './admin';
import type { Operation } from './operation';
import { initiateAuth, respondToAuthChallenge } from './sign-in';
import { getTokensFromRefreshToken, globalSignOut, revokeToken } from './tokens';
import { confirmSignUp, getUser, signUp } from './users';

export const OPERATIONS: ReadonlyMap<string, Operation> = new Map([
  ['InitiateAuth', initiateAuth],
  ['RespondToAuthChallenge', respondToAuthChallenge],
  ['GetTokensFromRefreshToken', getTokensFromRefreshToken],
  ['RevokeToken', revokeToken],
  ['GlobalSignOut', globalSignOut],
  ['GetUser', getUser],
  ['SignUp', signUp],
  ['ConfirmSignUp', confirmSignUp],
  ['AdminCreateUser', adminCreateUser],
  ['AdminSetUserPassword', adminSetUserPassword],
  ['AdminAddUserToGroup', adminAddUserToGroup],
  ['CreateGroup', createGroup],
]);
