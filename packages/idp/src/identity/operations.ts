/**
 * Amazon Cognito Identity's operations the local IdP answers (`X-Amz-Target:
 * AWSCognitoIdentityService.<Op>`), in the shapes of its API reference. All three are public:
 * the AWS SDK sends them unsigned and browsers (Amplify) call them directly.
 */
import { z } from 'zod';
import { defineOperation, type Operation } from '../ops/operation.js';

const identityId = z.string().min(1).max(55);
const logins = z.record(z.string().min(1).max(128), z.string().min(1).max(50_000)).optional();

const getId = defineOperation({
  schema: z.object({ AccountId: z.string().optional(), IdentityPoolId: z.string().min(1).max(55), Logins: logins }),
  async run(core, input) {
    return { IdentityId: await core.identity.getId(input.IdentityPoolId, input.Logins) };
  },
});

const getCredentialsForIdentity = defineOperation({
  schema: z.object({ IdentityId: identityId, Logins: logins, CustomRoleArn: z.string().min(20).max(2048).optional() }),
  async run(core, input) {
    const issued = await core.identity.getCredentials(input.IdentityId, input.Logins, input.CustomRoleArn);
    return {
      IdentityId: issued.identityId,
      Credentials: {
        AccessKeyId: issued.accessKeyId,
        SecretKey: issued.secretAccessKey,
        SessionToken: issued.sessionToken,
        // awsJson1_1 timestamps are epoch seconds.
        Expiration: Math.floor(issued.expiresAt / 1000),
      },
    };
  },
});

const getOpenIdToken = defineOperation({
  schema: z.object({ IdentityId: identityId, Logins: logins }),
  async run(core, input) {
    const { identityId: id, token } = await core.identity.getOpenIdToken(input.IdentityId, input.Logins);
    return { IdentityId: id, Token: token };
  },
});

export const IDENTITY_OPERATIONS: ReadonlyMap<string, Operation> = new Map([
  ['GetId', getId],
  ['GetCredentialsForIdentity', getCredentialsForIdentity],
  ['GetOpenIdToken', getOpenIdToken],
]);
