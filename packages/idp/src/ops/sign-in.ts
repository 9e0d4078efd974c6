/**
 * InitiateAuth and RespondToAuthChallenge: the sign-in state machine.
 *
 * USER_SRP_AUTH (Amplify's default) answers PASSWORD_VERIFIER with SALT, SRP_B, SECRET_BLOCK and
 * USER_ID_FOR_SRP (= USERNAME = the stored username); the client's answer then yields tokens or
 * NEW_PASSWORD_REQUIRED. No NewDeviceMetadata is ever returned, so clients never call
 * ConfirmDevice. Unknown users and wrong passwords answer the same NotAuthorizedException
 * (Cognito's "prevent user existence errors", the default for new pools): an unknown name even
 * gets a PASSWORD_VERIFIER challenge, with a decoy verifier, and costs the same SRP work.
 */
import {
  initiateAuthRequestSchema,
  respondToAuthChallengeRequestSchema,
} from '../http/requests.js';
import { isValidSrpTimestamp } from 'next-cognito-session/protocol';
import { createServerEphemeral, verifyPasswordClaim } from '../auth/srp-server.js';
import { assertPasswordPolicy } from '../auth/passwords.js';
import { assertSecretHash } from '../auth/secret-hash.js';
import type { ResolvedClient } from '../clients.js';
import { CognitoError } from '../cognito-error.js';
import { ADMIN_SCOPE, type IdpCore } from '../core.js';
import type { UserRecord } from '../store/state.js';
import type { PreTokenTriggerSource } from '../tokens/pre-token-hook.js';
import { authenticationResult, defineOperation, requireParam } from './operation.js';

const BAD_CREDENTIALS = 'Incorrect username or password.';

export const initiateAuth = defineOperation({
  schema: initiateAuthRequestSchema,
  async run(core, input) {
    const client = core.clients.require(input.ClientId);
    const params = input.AuthParameters;
    switch (input.AuthFlow) {
      case 'USER_PASSWORD_AUTH': {
        const username = requireParam(params, 'USERNAME');
        const password = requireParam(params, 'PASSWORD');
        await assertSecretHash(client, username, params?.SECRET_HASH);
        const user = await core.users.authenticate(username, password);
        if (!user) throw new CognitoError('NotAuthorizedException', BAD_CREDENTIALS);
        return afterPassword(core, user, client, 'TokenGeneration_Authentication');
      }
      case 'USER_SRP_AUTH': {
        const username = requireParam(params, 'USERNAME');
        const srpA = requireParam(params, 'SRP_A');
        if (!/^[0-9a-fA-F]+$/.test(srpA)) throw new CognitoError('InvalidParameterException', 'SRP_A is not hex');
        await assertSecretHash(client, username, params?.SECRET_HASH);
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
        const refreshToken = requireParam(params, 'REFRESH_TOKEN');
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
        throw new CognitoError('InvalidParameterException', `AuthFlow ${input.AuthFlow} is not supported by the local IdP`);
    }
  },
});

export const respondToAuthChallenge = defineOperation({
  schema: respondToAuthChallengeRequestSchema,
  async run(core, input) {
    const client = core.clients.require(input.ClientId);
    const responses = input.ChallengeResponses;
    switch (input.ChallengeName) {
      case 'PASSWORD_VERIFIER': {
        const username = requireParam(responses, 'USERNAME');
        const secretBlock = requireParam(responses, 'PASSWORD_CLAIM_SECRET_BLOCK');
        const timestamp = requireParam(responses, 'TIMESTAMP');
        const signature = requireParam(responses, 'PASSWORD_CLAIM_SIGNATURE');
        // Format only: the SECRET_BLOCK is single-use, which already defeats replay, and a skew
        // check would break tests that inject a clock.
        if (!isValidSrpTimestamp(timestamp)) {
          throw new CognitoError('InvalidParameterException', 'TIMESTAMP format is invalid');
        }
        // Cognito wants SECRET_HASH beside every USERNAME a client with a secret sends.
        await assertSecretHash(client, username, responses?.SECRET_HASH);
        const challenge = core.challenges.take(secretBlock, 'PASSWORD_VERIFIER');
        if (!challenge || challenge.clientId !== client.clientId) throw invalidSession();
        const user = core.users.find(challenge.username);
        const ok =
          user !== undefined &&
          user.username.toLowerCase() === username.toLowerCase() &&
          (await verifyPasswordClaim({
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
          }));
        if (!ok || !user) throw new CognitoError('NotAuthorizedException', BAD_CREDENTIALS);
        return afterPassword(core, user, client, 'TokenGeneration_Authentication');
      }
      case 'NEW_PASSWORD_REQUIRED': {
        const username = requireParam(responses, 'USERNAME');
        const newPassword = requireParam(responses, 'NEW_PASSWORD');
        if (!input.Session) throw new CognitoError('InvalidParameterException', 'Missing required parameter Session');
        await assertSecretHash(client, username, responses?.SECRET_HASH);
        // Validate everything before spending the session: Amplify's confirmSignIn retries a
        // rejected password with the same Session, as Cognito allows.
        const pending = core.challenges.peek(input.Session, 'NEW_PASSWORD_REQUIRED');
        if (!pending || pending.clientId !== client.clientId) throw invalidSession();
        if (core.users.find(username)?.username !== pending.username) {
          throw new CognitoError('NotAuthorizedException', BAD_CREDENTIALS);
        }
        assertPasswordPolicy(newPassword);
        const attributes = newPasswordAttributes(responses ?? {});
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

function invalidSession(): CognitoError {
  return new CognitoError('NotAuthorizedException', 'Invalid session for the user, session is expired.');
}

/** Values only the pool sets; Cognito refuses them in a NEW_PASSWORD_REQUIRED answer. */
const IMMUTABLE_ATTRIBUTES = new Set(['sub', 'email_verified']);

/** `userAttributes.<name>` entries of a NEW_PASSWORD_REQUIRED answer, as a plain map. */
function newPasswordAttributes(responses: Record<string, string>): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const [key, value] of Object.entries(responses)) {
    if (!key.startsWith('userAttributes.')) continue;
    const name = key.slice('userAttributes.'.length);
    if (IMMUTABLE_ATTRIBUTES.has(name)) {
      throw new CognitoError('InvalidParameterException', `Cannot modify the non-mutable attribute ${name}`);
    }
    attributes[name] = value;
  }
  return attributes;
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
    const { email_verified: _verified, ...visible } = user.attributes;
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
