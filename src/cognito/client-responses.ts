/**
 * Response shapes the adapter's client reads. A 2xx body that fails these is an IdP bug (or not
 * Cognito at all) and surfaces as IdpUnavailable, never as the user's fault.
 */
import * as z from 'zod/mini';
import { authenticationResultSchema } from './protocol.js';

/** InitiateAuth and RespondToAuthChallenge answer the same way: tokens or a next challenge. */
export const authFlowResponseSchema = z
  .object({
    AuthenticationResult: z.optional(authenticationResultSchema),
    ChallengeName: z.optional(z.string()),
    ChallengeParameters: z.optional(z.record(z.string(), z.string())),
    Session: z.optional(z.string()),
  })
  .check(
    z.refine((body) => body.AuthenticationResult !== undefined || body.ChallengeName !== undefined, {
      message: 'neither AuthenticationResult nor ChallengeName',
    }),
  );
export type AuthFlowResponse = z.infer<typeof authFlowResponseSchema>;

export const tokensResponseSchema = z.object({ AuthenticationResult: authenticationResultSchema });

export const getUserResponseSchema = z.object({
  Username: z.string(),
  UserAttributes: z._default(z.array(z.object({ Name: z.string(), Value: z.optional(z.string()) })), []),
});
