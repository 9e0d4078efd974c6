/**
 * The local Cognito-compatible IdP: `startIdp()` boots one on 127.0.0.1 with the JSON API,
 * JWKS/discovery, the OAuth2 endpoints and the `/_local` test knobs. See the package README.
 *
 * @example
 *   const idp = await startIdp({ port: 0 });
 *   const sdk = new CognitoIdentityProviderClient({ endpoint: idp.url, region: idp.region, credentials });
 *   // … sign in as demo@example.com / Passw0rd!demo with idp.defaultClientId …
 *   await idp.close();
 */
import { awsIssuer, isAwsRegion, parsePoolId, POOL_ID_FORM } from 'next-cognito-session/protocol';
import { z } from 'zod';
import { ClientRegistry, clientConfigSchema, mergeClients, type ClientConfig } from './clients.js';
import { IdpCore } from './core.js';
import { Faults, OperationStats } from './http/faults.js';
import { Listener } from './http/listener.js';
import { createRouter } from './http/router.js';
import { KeyRing } from './keys/key-ring.js';
import { createOAuthHandler } from './oauth2/index.js';
import type { IdpOptions, RunningIdp } from './options.js';
import { loadSeed, type ResolvedSeed } from './seed.js';
import { StateStore } from './store/state-store.js';
import { loadPreTokenHook } from './tokens/pre-token-hook.js';
import { TokenIssuer } from './tokens/token-issuer.js';

export type { IdpOptions, RunningIdp, NewUserInput, ClientConfig, ResolvedClient, SeedData, PreTokenHook } from './options.js';
export type { PreTokenGenerationEvent } from './tokens/pre-token-hook.js';
export { CognitoError } from './cognito-error.js';
/** The server half of SRP, for tests that script a Cognito of their own. */
export { createPasswordVerifier, createServerEphemeral, verifyPasswordClaim } from './auth/srp-server.js';

export const DEFAULT_POOL_ID = 'us-east-1_LocalPool';
export const DEFAULT_PORT = 9229;

export async function startIdp(options: IdpOptions = {}): Promise<RunningIdp> {
  const now = options.now ?? Date.now;
  const log = options.log ?? ((line: string) => console.log(`[idp] ${line}`));
  const poolId = options.poolId ?? DEFAULT_POOL_ID;
  const parsedPoolId = parsePoolId(poolId);
  if (!parsedPoolId) throw new Error(`pool id ${poolId} does not look like ${POOL_ID_FORM}`);
  // Like cognito-local, whose `local_…` pools report region `local`: the prefix stands in for one.
  const region = options.region ?? parsedPoolId.prefix;
  if (options.issuerMode === 'aws' && !isAwsRegion(region)) {
    throw new Error(`issuerMode 'aws' needs an AWS region; pool id ${poolId} names none, so pass region`);
  }
  const host = options.host ?? '127.0.0.1';

  const seed = await loadSeed(options.seed);
  const clients = new ClientRegistry(mergeClients(seed.clients, withAccessValidity(seed, options)));
  const { store, isNew } = await StateStore.open(options.dataFile);
  const keys = new KeyRing(store, now, () => clients.maxTokenLifetimeSeconds());
  await keys.ensureActiveKeys();
  const hook =
    typeof options.preTokenGeneration === 'string'
      ? await loadPreTokenHook(options.preTokenGeneration)
      : options.preTokenGeneration;

  // The local issuer names the port, known only once listening; everything reads it lazily.
  let origin = '';
  const issuer = () =>
    options.issuerMode === 'aws' ? awsIssuer(region, poolId) : `${origin}/${poolId}`;
  const tokens = new TokenIssuer({ keys, issuer, poolId, region, now, ...(hook && { hook }) });
  const core = new IdpCore({ poolId, region, store, clients, keys, tokens, now, log });
  if (isNew) await seedPool(core, seed);

  const faults = new Faults();
  const stats = new OperationStats();
  const timers = new Set<NodeJS.Timeout>();
  let route: ((request: Request) => Promise<Response>) | undefined;
  const listener = new Listener(host, (request) => route!(request), log);
  const port = await listener.listen(options.port ?? DEFAULT_PORT);
  origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  const stop = () => listener.close();
  const start = async () => {
    await listener.listen(port);
  };
  const later = (ms: number, run: () => Promise<void>) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      run().catch((error: unknown) => log(`scheduled outage step failed: ${String(error)}`));
    }, ms);
    timers.add(timer);
  };

  route = createRouter({
    core,
    keys,
    faults,
    stats,
    log,
    wellKnown: { poolId, issuer, origin: () => origin },
    oauth: createOAuthHandler(core, { cookieScope: `${port}_${poolId}` }),
    control: {
      faults,
      stats,
      rotateKeys: () => keys.rotate(),
      // Close after the answer has been written; reopen on the same port after `ms`.
      scheduleOutage: (ms) => later(20, async () => {
        await stop();
        later(ms, start);
      }),
    },
  });

  return {
    url: origin,
    port,
    poolId,
    region,
    issuer: issuer(),
    jwksUri: `${origin}/${poolId}/.well-known/jwks.json`,
    clients: [...clients.all],
    defaultClientId: clients.default.clientId,
    stop,
    start,
    async close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await listener.close();
      await store.flush();
    },
    rotateKeys: () => keys.rotate(),
    faults: {
      setLatency: (ms) => faults.setLatency(ms),
      failOperation: (op, status) => faults.failOperation(op, status),
      clear: () => faults.clear(),
      snapshot: () => faults.snapshot(),
    },
    stats: { count: (op) => stats.count(op), reset: () => stats.reset(), snapshot: () => stats.snapshot() },
    admin: {
      async createUser(input) {
        const user = await core.users.create({ ...input, status: input.status ?? 'CONFIRMED', trusted: true });
        return { username: user.username, sub: user.sub };
      },
      setPassword: (username, password, opts) =>
        core.users.setPassword(username, password, { permanent: opts?.permanent ?? true, trusted: true }),
      async addToGroup(username, group) {
        if (!store.state.groups[group]) await core.users.createGroup({ name: group });
        await core.users.addToGroup(username, group);
      },
      confirmationCode: (username) => core.users.find(username)?.confirmationCode,
    },
  };
}

/** `accessTokenValiditySeconds` applies to every client the options do not configure themselves. */
function withAccessValidity(seed: ResolvedSeed, options: IdpOptions): ClientConfig[] {
  const parsed = z.array(clientConfigSchema).safeParse(options.clients ?? []);
  if (!parsed.success) throw new Error(`invalid IdP clients option: ${z.prettifyError(parsed.error)}`);
  const explicit = parsed.data;
  const seconds = options.accessTokenValiditySeconds;
  if (seconds === undefined) return explicit;
  const ids = new Set([...seed.clients, ...explicit].map((c) => c.clientId));
  return [...ids].map((clientId) => {
    const own = explicit.find((c) => c.clientId === clientId);
    return { ...own, clientId, accessTokenValiditySeconds: own?.accessTokenValiditySeconds ?? seconds };
  });
}

/** Seed groups and users into a brand-new pool (never into loaded state). */
async function seedPool(core: IdpCore, seed: ResolvedSeed): Promise<void> {
  for (const group of seed.groups) await core.users.createGroup(group);
  for (const user of seed.users) {
    await core.users.create({
      username: user.username,
      password: user.password,
      attributes: user.attributes,
      groups: user.groups,
      status: 'CONFIRMED',
      trusted: true,
      ...(user.sub !== undefined && { sub: user.sub }),
    });
  }
}
