/**
 * Why a test's sign-in did not end with a session. A wrong password or an unknown user stays the
 * adapter's own `IdpRejected` (with Cognito's `cognitoType`); this one is for a sign-in that the
 * IdP accepted but wants another step for, which a test kit cannot take on the user's behalf.
 *
 * @example
 *   await expect(signInForTest({ runner: auth, username, password })).rejects.toMatchObject({
 *     code: 'NewPasswordRequired', challengeName: 'NEW_PASSWORD_REQUIRED',
 *   });
 */
import { AuthError } from '../errors.js';

export class SignInStoppedAtChallenge extends AuthError {
  /** The same codes the sign-in route answers for these challenges. */
  readonly code: 'NewPasswordRequired' | 'ChallengeUnsupported';
  readonly status: number;

  constructor(
    /** Cognito's `ChallengeName`, e.g. `NEW_PASSWORD_REQUIRED`, `SOFTWARE_TOKEN_MFA`. */
    readonly challengeName: string,
    username: string,
  ) {
    const newPassword = challengeName === 'NEW_PASSWORD_REQUIRED';
    super(
      `signInForTest: the sign-in of ${username} stopped at Cognito's ${challengeName} challenge; the test kit ` +
        'completes only sign-ins that need no further step. ' +
        (newPassword
          ? 'Give the user a permanent password (local IdP: idp.admin.createUser or idp.admin.setPassword; ' +
            'a real pool: AdminSetUserPassword with Permanent).'
          : 'Sign in as a test user without MFA or custom authentication.'),
    );
    this.code = newPassword ? 'NewPasswordRequired' : 'ChallengeUnsupported';
    this.status = newPassword ? 401 : 501;
  }
}
