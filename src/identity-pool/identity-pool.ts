/**
 * `fetchAuthSession` with AWS credentials, as Amplify's returns them when an identity pool is
 * configured: `{ tokens, userSub, credentials, identityId }`. Signed in, the ID token is the
 * login (GetId, then GetCredentialsForIdentity); signed out, the pool's guest credentials when it
 * allows guests. Credentials are cached per identity on this object (see credentials-cache.ts);
 * `forceRefresh` renews tokens and credentials both. Outages throw `IdpUnavailable` — "no
 * credentials" is only ever the answer for a pool without guests.
 *
 * A module of its own, imported only by route handlers and server components: the middleware
 * never needs credentials, so none of this reaches the edge bundle.
 */
import type { AwsCredentials, IdentityClient, Logins } from '../cognito/identity-client.js';
import { createIdentityClient } from '../cognito/identity-client.js';
import { ConfigInvalid, IdpRejected } from '../errors.js';
import type { AuthCore } from '../session/core.js';
import { fetchAuthSession, type AuthSession } from '../session/operations.js';
import type { ServerContext } from '../session/server-context.js';
import { CredentialsCache, DEFAULT_MAX_ENTRIES, type CachedCredentials } from './credentials-cache.js';
import { guestIdentityIdKey, isIdentityId } from './identity-id-key.js';

export interface IdentityPoolSession extends AuthSession {
  /** Pass as the AWS SDK's `credentials`. Absent only when signed out and the pool has no guests. */
  credentials?: AwsCredentials;
  identityId?: string;
}

export interface IdentityPoolOptions {
  /** Identities whose credentials are kept; the least recently used go first. Default 1000. */
  maxCachedIdentities?: number;
}

export interface IdentityPoolCredentials {
  fetchAuthSession(ctx: ServerContext, options?: { forceRefresh?: boolean }): Promise<IdentityPoolSession>;
}

/** After the pool said "no guests", signed-out requests do not ask again for this long. */
const NO_GUESTS_MEMORY_MS = 60_000;

/**
 * @param auth the app's runner (`createServerRunner()`), configured with `identityPoolId`.
 * @throws ConfigInvalid when the runner has no identity pool.
 */
export function createIdentityPool(
  auth: { readonly core: AuthCore },
  options: IdentityPoolOptions = {},
): IdentityPoolCredentials {
  const { core } = auth;
  const pool = core.config.identityPool;
  if (!pool) {
    throw new ConfigInvalid(
      'next-cognito-session: createIdentityPool needs config.identityPoolId (env COGNITO_IDENTITY_POOL_ID)',
    );
  }
  const client = createIdentityClient({
    endpoint: pool.endpoint,
    fetch: core.fetch as typeof fetch,
    timeoutMs: core.config.session.idpTimeoutMs,
  });
  const cache = new CredentialsCache(core.now, options.maxCachedIdentities ?? DEFAULT_MAX_ENTRIES);
  core.onSignOut((sub) => cache.deleteWhere((key) => key.startsWith(userPrefix(sub))));
  // Amplify names the login by the issuer without its scheme (`formLoginsMap`); so does Cognito.
  const provider = core.config.issuer.replace(/^\w+:\/\//, '');
  const guestKey = guestIdentityIdKey(pool.id);
  let noGuestsUntil = 0;

  async function forUser(session: AuthSession, force: boolean): Promise<CachedCredentials> {
    const logins: Logins = { [provider]: session.tokens!.idToken.toString() };
    return cache.get(
      userKey(session),
      async () => client.getCredentialsForIdentity(await client.getId(pool!.id, logins), logins),
      { force },
    );
  }

  async function forGuest(ctx: ServerContext, force: boolean): Promise<CachedCredentials | undefined> {
    if (noGuestsUntil > core.now()) return undefined;
    const stored = await readGuestId(ctx);
    const entry = await guestCredentials(client, cache, pool!.id, stored, force);
    if (!entry) {
      noGuestsUntil = core.now() + NO_GUESTS_MEMORY_MS;
      return undefined;
    }
    if (entry.identityId !== stored) await ctx.storage.setItem(guestKey, entry.identityId);
    return entry;
  }

  async function readGuestId(ctx: ServerContext): Promise<string | undefined> {
    try {
      const value = await ctx.storage.getItem(guestKey);
      return value !== null && isIdentityId(value) ? value : undefined;
    } catch {
      // Two copies, or a value that does not open: a guest id is worth no error, start afresh.
      return undefined;
    }
  }

  return {
    async fetchAuthSession(ctx, fetchOptions = {}) {
      const force = fetchOptions.forceRefresh === true;
      const session = await fetchAuthSession(ctx, fetchOptions);
      if (session.tokens) {
        const entry = await forUser(session, force);
        // As Amplify does once the user has an identity of their own.
        if (await readGuestId(ctx)) await ctx.storage.removeItem(guestKey);
        return { ...session, ...entry };
      }
      const guest = await forGuest(ctx, force);
      return guest ? { ...session, ...guest } : session;
    },
  };
}

/**
 * One entry per user and sign-in (`origin_jti`, when the pool writes it): a new sign-in never
 * inherits the credentials of one a sign-out ended — which matters because Next may instantiate
 * this module once per route, so the sign-out route cannot reach every copy of the cache.
 */
function userKey(session: AuthSession): string {
  return `${userPrefix(session.userSub!)}${session.tokens!.accessToken.payload.origin_jti ?? ''}`;
}

function userPrefix(sub: string): string {
  return `user:${sub}:`;
}

/**
 * The stored guest's credentials; a new guest's when the IdP refuses the stored id (a planted
 * one — a user's identity, another pool's — or one a wiped IdP forgot); undefined when the pool
 * takes no guests (GetId without logins has no other reason to answer NotAuthorizedException).
 */
async function guestCredentials(
  client: IdentityClient,
  cache: CredentialsCache,
  poolId: string,
  stored: string | undefined,
  force: boolean,
): Promise<CachedCredentials | undefined> {
  const fetchFor = (identityId: string) =>
    cache.get(`guest:${identityId}`, () => client.getCredentialsForIdentity(identityId), { force });
  if (stored) {
    try {
      return await fetchFor(stored);
    } catch (error) {
      if (!(error instanceof IdpRejected)) throw error;
    }
  }
  let identityId: string;
  try {
    identityId = await client.getId(poolId);
  } catch (error) {
    if (error instanceof IdpRejected && error.cognitoType === 'NotAuthorizedException') return undefined;
    throw error;
  }
  return fetchFor(identityId);
}
