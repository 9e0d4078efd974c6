/** GetTokensFromRefreshToken, RevokeToken, GlobalSignOut: the life of an issued session. */
import {
  accessTokenRequestSchema,
  getTokensFromRefreshTokenRequestSchema,
  revokeTokenRequestSchema,
} from '../http/requests.js';
import { assertClientSecret } from '../auth/secret-hash.js';
import { ADMIN_SCOPE } from '../core.js';
import { authenticationResult, defineOperation } from './operation.js';

/** Rotates the refresh token when the client has rotation enabled; otherwise returns none. */
export const getTokensFromRefreshToken = defineOperation({
  schema: getTokensFromRefreshTokenRequestSchema,
  async run(core, input) {
    const client = core.clients.require(input.ClientId);
    assertClientSecret(client, input.ClientSecret);
    const tokens = await core.refreshTokens(client, input.RefreshToken);
    return { AuthenticationResult: authenticationResult(tokens) };
  },
});

/** Kills the token's whole family: its access and ID tokens stop working too. */
export const revokeToken = defineOperation({
  schema: revokeTokenRequestSchema,
  async run(core, input) {
    const client = core.clients.require(input.ClientId);
    assertClientSecret(client, input.ClientSecret);
    await core.families.revokeToken(input.Token, client.clientId);
    return {};
  },
});

export const globalSignOut = defineOperation({
  schema: accessTokenRequestSchema,
  async run(core, input) {
    const { user } = await core.authorize(input.AccessToken, ADMIN_SCOPE);
    await core.families.revokeUser(user.username);
    return {};
  },
});
