/**
 * Response shapes the adapter's client reads. A 2xx body that fails these is an IdP bug (or not
 * Cognito at all) and surfaces as IdpUnavailable, never as the user's fault.
 */
import { z } from 'zod';
import { authenticationResultSchema } from './protocol';

/** InitiateAuth and RespondToAuthChallenge answer the same way: tokens or a next challenge. */
export const authFlowResponseSchema = z
  .object({
    AuthenticationResult: authenticationResultSchema.optional(),
    ChallengeName: z.string().optional(),
    ChallengeParameters: z.record(z.string(), z.string()).optional(),
    Session: z.string().optional(),
  })
  .refine((body) => body.AuthenticationResult !== undefined || body.ChallengeName !== undefined, {
    message: 'neither AuthenticationResult nor ChallengeName',
  });
export type AuthFlowResponse = z.infer<typeof authFlowResponseSchema>;

export const tokensResponseSchema = z.object({ AuthenticationResult: authenticationResultSchema });

export const getUserResponseSchema = z.object({
  Username: z.string(),
  UserAttributes: z.array(z.object({ Name: z.string(), Value: z.string().optional() })).default([]),
});
