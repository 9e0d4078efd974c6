/** The operations the local IdP answers, by X-Amz-Target operation name. */
import { adminAddUserToGroup, adminCreateUser, adminSetUserPassword, createGroup } from './admin.js';
import type { Operation } from './operation.js';
import { initiateAuth, respondToAuthChallenge } from './sign-in.js';
import { getTokensFromRefreshToken, globalSignOut, revokeToken } from './tokens.js';
import { confirmSignUp, getUser, signUp } from './users.js';

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
