/**
 * InitiateAuth and RespondToAuthChallenge: the sign-in state machine.
 *
 * USER_SRP_AUTH (Amplify's default) answers PASSWORD_VERIFIER with SALT, SRP_B, SECRET_BLOCK and
 * USER_ID_FOR_SRP (= USERNAME = the stored username); the client's answer then yields tokens or
 * NEW_PASSWORD_REQUIRED. No NewDeviceMetadata is ever returned, so clients never call
 * ConfirmDevice. Unknown users and wrong passwords answer the same NotAuthorizedException
 * (Cognito's PreventUserExistenceErrors ENABLED, each client's default here): an unknown name
 * even gets a PASSWORD_VERIFIER challenge, with a decoy verifier, and costs the same SRP work.
 * A LEGACY client answers UserNotFoundException instead. Every password check runs under
 * Cognito's lockout (auth/password-lockout.ts).
 */
import { initiateAuthRequestSchema, respondToAuthChallengeRequestSchema } from '../http/requests.js';
import { isValidSrpTimestamp } from 'next-cognito-session/protocol';
import { createServerEphemeral, isValidClientPublic, verifyPasswordClaim } from '../auth/srp-server.js';
import { assertPasswordPolicy } from '../auth/passwords.js';
import { assertSecretHash } from '../auth/secret-hash.js';
import type { ResolvedClient } from '../clients.js';
import { CognitoError } from '../cognito-error.js';
import { ADMIN_SCOPE, type IdpCore } from '../core.js';
import type { UserRecord } from '../store/state.js';
import type { PreTokenTriggerSource } from '../tokens/pre-token-hook.js';
import { authenticationResult, defineOperation } from './operation.js';
import { parameterReader } from './parameters.js';

const BAD_CREDENTIALS = 'Incorrect username or password.';

export const initiateAuth = defineOperation({
  schema: initiateAuthRequestSchema,
  async run(core, input) {
    const client = core.clients.require(input.ClientId);
    const params = parameterReader(input.AuthParameters, 'authParameters');
    switch (input.AuthFlow) {
      case 'USER_PASSWORD_AUTH': {
        const username = params.require('USERNAME');
        const password = params.require('PASSWORD');
        await assertSecretHash(client, username, params.optional('SECRET_HASH'));
        assertUserExistsForLegacy(core, client, username);
        const user = await core.users.authenticate(username, password);
        if (!user) throw new CognitoError('NotAuthorizedException', BAD_CREDENTIALS);
        return afterPassword(core, user, client, 'TokenGeneration_Authentication');
      }
      case 'USER_SRP_AUTH': {
        const username = params.require('USERNAME');
        const srpA = params.require('SRP_A');
        // Checked before anything is stored: the challenge keeps A until the answer arrives.
        if (!isValidClientPublic(srpA)) {
          throw new CognitoError('InvalidParameterException', 'SRP_A must be a hex integer with 0 < A < N');
        }
        await assertSecretHash(client, username, params.optional('SECRET_HASH'));
        assertUserExistsForLegacy(core, client, username);
        // An unknown name gets a decoy challenge that fails at RespondToAuthChallenge like a
        // wrong password, so the challenge does not reveal whether the user exists.
        const identity = await core.users.srpIdentity(username);
        const server = await createServerEphemeral(identity.srp.verifier);
        const secretBlock = core.challenges.issue({
          kind: 'PASSWORD_VERIFIER',
          username: identity.userIdForSrp,
          clientId: client.clientId,
          srpA,
          serverSecret: server.secret,
          serverPublic: server.public,
        });
        return {
          ChallengeName: 'PASSWORD_VERIFIER',
          ChallengeParameters: {
            SALT: identity.srp.salt,
            SECRET_BLOCK: secretBlock,
            SRP_B: server.public,
            USERNAME: identity.userIdForSrp,
            USER_ID_FOR_SRP: identity.userIdForSrp,
          },
        };
      }
      case 'REFRESH_TOKEN_AUTH':
      case 'REFRESH_TOKEN': {
        const refreshToken = params.require('REFRESH_TOKEN');
        if (client.refreshTokenRotation.feature === 'ENABLED') {
          throw new CognitoError(
            'NotAuthorizedException',
            `Refresh token rotation is enabled for app client ${client.clientId}; ` +
              'refresh with GetTokensFromRefreshToken instead of REFRESH_TOKEN_AUTH.',
          );
        }
        const tokens = await core.refreshTokens(client, refreshToken);
        return { ChallengeParameters: {}, AuthenticationResult: authenticationResult(tokens) };
      }
      default:
        throw new CognitoError(
          'InvalidParameterException',
          `AuthFlow ${input.AuthFlow} is not supported by the local IdP`,
        );
    }
  },
});

export const respondToAuthChallenge = defineOperation({
  schema: respondToAuthChallengeRequestSchema,
  async run(core, input) {
    const client = core.clients.require(input.ClientId);
    const responses = parameterReader(input.ChallengeResponses, 'challengeResponses');
    switch (input.ChallengeName) {
      case 'PASSWORD_VERIFIER': {
        const username = responses.require('USERNAME');
        const secretBlock = responses.require('PASSWORD_CLAIM_SECRET_BLOCK');
        const timestamp = responses.require('TIMESTAMP');
        const signature = responses.require('PASSWORD_CLAIM_SIGNATURE');
        // Format only: the SECRET_BLOCK is single-use, which already defeats replay, and a skew
        // check would break tests that inject a clock.
        if (!isValidSrpTimestamp(timestamp)) {
          throw new CognitoError('InvalidParameterException', 'TIMESTAMP format is invalid');
        }
        // Cognito wants SECRET_HASH beside every USERNAME a client with a secret sends.
        await assertSecretHash(client, username, responses.optional('SECRET_HASH'));
        const challenge = core.challenges.take(secretBlock, 'PASSWORD_VERIFIER');
        if (!challenge || challenge.clientId !== client.clientId) throw invalidSession();
        const user = core.users.find(challenge.username);
        // A decoy challenge (unknown name) counts against that name, so the lockout looks the same.
        const ok = await core.users.attemptPassword(
          challenge.username,
          user,
          async () =>
            user !== undefined &&
            user.username.toLowerCase() === username.toLowerCase() &&
            verifyPasswordClaim({
              poolName: core.poolName,
              userIdForSrp: user.username,
              saltHex: user.srp.salt,
              verifierHex: user.srp.verifier,
              srpAHex: challenge.srpA,
              serverSecretHex: challenge.serverSecret,
              serverPublicHex: challenge.serverPublic,
              secretBlockB64: secretBlock,
              timestamp,
              signatureB64: signature,
            }),
        );
        if (!ok || !user) throw new CognitoError('NotAuthorizedException', BAD_CREDENTIALS);
        return afterPassword(core, user, client, 'TokenGeneration_Authentication');
      }
      case 'NEW_PASSWORD_REQUIRED': {
        const username = responses.require('USERNAME');
        const newPassword = responses.require('NEW_PASSWORD');
        if (!input.Session) throw new CognitoError('InvalidParameterException', 'Missing required parameter Session');
        await assertSecretHash(client, username, responses.optional('SECRET_HASH'));
        // Validate everything before spending the session: Amplify's confirmSignIn retries a
        // rejected password with the same Session, as Cognito allows.
        const pending = core.challenges.peek(input.Session, 'NEW_PASSWORD_REQUIRED');
        if (!pending || pending.clientId !== client.clientId) throw invalidSession();
        if (core.users.find(username)?.username !== pending.username) {
          throw new CognitoError('NotAuthorizedException', BAD_CREDENTIALS);
        }
        assertPasswordPolicy(newPassword);
        const attributes = core.users.checkAttributeUpdate(
          pending.username,
          newPasswordAttributes(input.ChallengeResponses ?? {}),
          { kind: 'client', permissions: client.attributes },
        );
        if (!core.challenges.take(input.Session, 'NEW_PASSWORD_REQUIRED')) throw invalidSession();
        const user = await core.users.completeNewPassword(pending.username, newPassword, attributes);
        return afterPassword(core, user, client, 'TokenGeneration_NewPasswordChallenge');
      }
      default:
        throw new CognitoError(
          'InvalidParameterException',
          `ChallengeName ${input.ChallengeName} is not supported by the local IdP`,
        );
    }
  },
});

/** PreventUserExistenceErrors LEGACY: Cognito names an unknown user instead of hiding it. */
function assertUserExistsForLegacy(core: IdpCore, client: ResolvedClient, username: string): void {
  if (client.preventUserExistenceErrors === 'LEGACY' && !core.users.find(username)) {
    throw new CognitoError('UserNotFoundException', 'User does not exist.');
  }
}

function invalidSession(): CognitoError {
  return new CognitoError('NotAuthorizedException', 'Invalid session for the user, session is expired.');
}

/**
 * The `userAttributes.<name>` entries of a NEW_PASSWORD_REQUIRED answer; the schema decides
 * which of them the client may set (`sub` and `email_verified` never).
 */
function newPasswordAttributes(responses: Record<string, string>): [string, string][] {
  return Object.entries(responses)
    .filter(([key]) => key.startsWith('userAttributes.'))
    .map(([key, value]) => [key.slice('userAttributes.'.length), value]);
}

/** The password was right: the user's status decides between tokens and another challenge. */
async function afterPassword(
  core: IdpCore,
  user: UserRecord,
  client: ResolvedClient,
  triggerSource: PreTokenTriggerSource,
): Promise<Record<string, unknown>> {
  core.users.requireActive(user);
  if (user.status === 'UNCONFIRMED') throw new CognitoError('UserNotConfirmedException', 'User is not confirmed.');
  if (user.status === 'FORCE_CHANGE_PASSWORD') {
    const session = core.challenges.issue({
      kind: 'NEW_PASSWORD_REQUIRED',
      username: user.username,
      clientId: client.clientId,
    });
    const { email_verified: _verified, ...visible } = core.deps.attributes.readable(user.attributes, client.attributes);
    return {
      ChallengeName: 'NEW_PASSWORD_REQUIRED',
      Session: session,
      ChallengeParameters: {
        USER_ID_FOR_SRP: user.username,
        requiredAttributes: '[]',
        userAttributes: JSON.stringify(visible),
      },
    };
  }
  const tokens = await core.signIn({ user, client, scopes: [ADMIN_SCOPE], triggerSource });
  return { ChallengeParameters: {}, AuthenticationResult: authenticationResult(tokens) };
}
