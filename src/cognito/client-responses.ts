/**
 * Response shapes the adapter's client reads: the fields it uses, and only those, so an IdP that
 * adds, omits or nulls anything else still works. A 2xx body that fails these is an IdP bug (or
 * not Cognito at all) and surfaces as `CognitoAnswerInvalid` — an IdpUnavailable, never the
 * user's fault.
 */
import * as z from 'zod/mini';
import { absentOr, authenticationResultSchema } from './protocol.js';

/** InitiateAuth and RespondToAuthChallenge answer the same way: tokens or a next challenge. */
export const authFlowResponseSchema = z
  .object({
    AuthenticationResult: absentOr(authenticationResultSchema),
    ChallengeName: absentOr(z.string()),
    ChallengeParameters: absentOr(z.record(z.string(), z.string())),
    Session: absentOr(z.string()),
  })
  .check(
    z.refine((body) => body.AuthenticationResult !== undefined || body.ChallengeName !== undefined, {
      message: 'neither AuthenticationResult nor ChallengeName',
    }),
  );
export type AuthFlowResponse = z.output<typeof authFlowResponseSchema>;

export const tokensResponseSchema = z.object({ AuthenticationResult: authenticationResultSchema });

export const getUserResponseSchema = z.object({
  Username: z.string(),
  UserAttributes: absentOr(z.array(z.object({ Name: z.string(), Value: absentOr(z.string()) }))),
});
