/** The operations the local IdP answers, by X-Amz-Target operation name, and who may call them. */
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

/**
 * Cognito's public and token-authorised operations: browsers (Amplify) call them and the AWS
 * SDK sends them unsigned (`smithy.api#noAuth` in its auth-scheme table). Every other operation
 * is IAM-authorised — it needs a SigV4 signature by the IdP's admin key — so an operation added
 * to OPERATIONS is closed until it is listed here on purpose.
 */
const PUBLIC_OPERATIONS: ReadonlySet<string> = new Set([
  'InitiateAuth',
  'RespondToAuthChallenge',
  'GetTokensFromRefreshToken',
  'RevokeToken',
  'GlobalSignOut',
  'GetUser',
  'SignUp',
  'ConfirmSignUp',
]);

export function requiresIamAuth(operation: string): boolean {
  return !PUBLIC_OPERATIONS.has(operation);
}
