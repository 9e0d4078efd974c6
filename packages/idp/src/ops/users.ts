/** GetUser, SignUp, ConfirmSignUp: what an end user does without admin rights. */
import { accessTokenRequestSchema, confirmSignUpRequestSchema, signUpRequestSchema } from '../http/requests.js';
import { assertSecretHash } from '../auth/secret-hash.js';
import { CODE_MISMATCH } from '../auth/user-directory.js';
import { CognitoError } from '../cognito-error.js';
import { ADMIN_SCOPE } from '../core.js';
import { attributeList, defineOperation, toAttributeMap } from './operation.js';

/** Only what the token's app client may read (its ReadAttributes), as Cognito answers. */
export const getUser = defineOperation({
  schema: accessTokenRequestSchema,
  async run(core, input) {
    const { user, client } = await core.authorize(input.AccessToken, ADMIN_SCOPE);
    const readable = core.deps.attributes.readable(user.attributes, client.attributes);
    return { Username: user.username, UserAttributes: attributeList(readable, user.sub) };
  },
});

/**
 * Creates an UNCONFIRMED user. There is no mail server: the confirmation code goes to the log,
 * where a developer (or a test reading the log callback) picks it up. The attributes are written
 * with the app client's rights: its WriteAttributes, never `email_verified`.
 */
export const signUp = defineOperation({
  schema: signUpRequestSchema,
  async run(core, input) {
    const client = core.clients.require(input.ClientId);
    await assertSecretHash(client, input.Username, input.SecretHash);
    const attributes = toAttributeMap(input.UserAttributes);
    const user = await core.users.create({
      username: input.Username,
      password: input.Password,
      attributes,
      status: 'UNCONFIRMED',
      writer: { kind: 'client', permissions: client.attributes },
    });
    core.deps.log(`SignUp ${user.username}: confirmation code ${user.confirmationCode}`);
    const email = attributes.email ?? (input.Username.includes('@') ? input.Username : undefined);
    return {
      UserConfirmed: false,
      UserSub: user.sub,
      ...(email && {
        CodeDeliveryDetails: { Destination: maskEmail(email), DeliveryMedium: 'EMAIL', AttributeName: 'email' },
      }),
    };
  },
});

/**
 * An unknown username answers like a wrong code under PreventUserExistenceErrors ENABLED (the
 * default), and UserNotFoundException under LEGACY, as Cognito does. A user who is already
 * confirmed still gets Cognito's "User cannot be confirmed. Current status is CONFIRMED" — as
 * in Cognito, and SignUp's UsernameExistsException tells existence apart anyway.
 */
export const confirmSignUp = defineOperation({
  schema: confirmSignUpRequestSchema,
  async run(core, input) {
    const client = core.clients.require(input.ClientId);
    await assertSecretHash(client, input.Username, input.SecretHash);
    if (!core.users.find(input.Username)) {
      if (client.preventUserExistenceErrors === 'LEGACY') {
        throw new CognitoError('UserNotFoundException', 'Username/client id combination not found.');
      }
      throw new CognitoError('CodeMismatchException', CODE_MISMATCH);
    }
    await core.users.confirm(input.Username, input.ConfirmationCode);
    return {};
  },
});

/** "d***@e***" the way Cognito masks delivery destinations. */
function maskEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  return `${local.slice(0, 1)}***@${domain.slice(0, 1)}***`;
}
