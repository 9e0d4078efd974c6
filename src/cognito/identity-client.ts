/**
 * The adapter's Cognito Identity (identity pool) client: GetId and GetCredentialsForIdentity
 * over plain `fetch`, on the same transport as the user-pool client, so outages are
 * `IdpUnavailable` and refusals `IdpRejected` (with Cognito's `__type`). Both calls are
 * unsigned in Cognito Identity; the login (an ID token) is the authentication.
 *
 * @example
 *   const identity = createIdentityClient({ endpoint: 'https://cognito-identity.us-east-1.amazonaws.com/' });
 *   const id = await identity.getId(poolId, { [provider]: idToken });
 *   const { credentials } = await identity.getCredentialsForIdentity(id, { [provider]: idToken });
 */
import { number, object, string, type StandardSchemaV1 } from '../schema.js';
import { IDENTITY_TARGET_PREFIX } from './protocol.js';
import { parseAnswer } from './session-client.js';
import { createTransport } from './transport.js';

export interface IdentityClientOptions {
  endpoint: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/** The shape the AWS SDK v3 takes as `credentials`, as Amplify's fetchAuthSession returns it. */
export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
}

export type Logins = Record<string, string>;

export interface IdentityClient {
  getId(identityPoolId: string, logins?: Logins): Promise<string>;
  getCredentialsForIdentity(
    identityId: string,
    logins?: Logins,
  ): Promise<{ identityId: string; credentials: AwsCredentials }>;
}

const getIdSchema = object({ IdentityId: string({ min: 1 }) });
const credentialsSchema = object({
  IdentityId: string({ min: 1 }),
  Credentials: object({
    AccessKeyId: string({ min: 1 }),
    SecretKey: string({ min: 1 }),
    SessionToken: string({ min: 1 }),
    /** awsJson1_1 timestamps: epoch seconds. */
    Expiration: number(),
  }),
});

export function createIdentityClient(options: IdentityClientOptions): IdentityClient {
  const call = createTransport({ ...options, targetPrefix: IDENTITY_TARGET_PREFIX });
  const parse = <S extends StandardSchemaV1>(operation: string, schema: S, answer: unknown) =>
    parseAnswer(options.endpoint, operation, schema, answer);
  return {
    async getId(identityPoolId, logins) {
      const answer = await call('GetId', { IdentityPoolId: identityPoolId, ...(logins && { Logins: logins }) });
      return parse('GetId', getIdSchema, answer).IdentityId;
    },
    async getCredentialsForIdentity(identityId, logins) {
      const answer = await call('GetCredentialsForIdentity', {
        IdentityId: identityId,
        ...(logins && { Logins: logins }),
      });
      const { IdentityId, Credentials } = parse('GetCredentialsForIdentity', credentialsSchema, answer);
      return {
        identityId: IdentityId,
        credentials: {
          accessKeyId: Credentials.AccessKeyId,
          secretAccessKey: Credentials.SecretKey,
          sessionToken: Credentials.SessionToken,
          expiration: new Date(Credentials.Expiration * 1000),
        },
      };
    },
  };
}
