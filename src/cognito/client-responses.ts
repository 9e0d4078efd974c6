/**
 * Response shapes the adapter's client reads: the fields it uses, and only those, so an IdP that
 * adds, omits or nulls anything else still works. A 2xx body that fails these is an IdP bug (or
 * not Cognito at all) and surfaces as `CognitoAnswerInvalid` — an IdpUnavailable, never the
 * user's fault.
 */
import { absentOr, array, object, record, refine, string, type Output } from '../schema.js';
import { authenticationResultSchema } from './protocol.js';

/** InitiateAuth and RespondToAuthChallenge answer the same way: tokens or a next challenge. */
export const authFlowResponseSchema = refine(
  object({
    AuthenticationResult: absentOr(authenticationResultSchema),
    ChallengeName: absentOr(string()),
    ChallengeParameters: absentOr(record(string())),
    Session: absentOr(string()),
  }),
  (body, fail) => {
    if (body.AuthenticationResult === undefined && body.ChallengeName === undefined) {
      fail('neither AuthenticationResult nor ChallengeName');
    }
  },
);
export type AuthFlowResponse = Output<typeof authFlowResponseSchema>;

export const tokensResponseSchema = object({ AuthenticationResult: authenticationResultSchema });

export const getUserResponseSchema = object({
  Username: string(),
  UserAttributes: absentOr(array(object({ Name: string(), Value: absentOr(string()) }))),
});
