/**
 * The local Cognito-compatible IdP: `startIdp()` boots one on 127.0.0.1 with the JSON API,
 * JWKS/discovery, the OAuth2 endpoints and the `/_local` test knobs. See the package README.
 *
 * @example
 *   const idp = await startIdp({ port: 0 });
 *   const sdk = new CognitoIdentityProviderClient({ endpoint: idp.url, region: idp.region, credentials: idp.adminCredentials });
 *   // … sign in as demo@example.com / Passw0rd!demo with idp.defaultClientId …
 *   await idp.close();
 */
import { awsIssuer, isAwsRegion, parsePoolId, POOL_ID_FORM } from 'next-cognito-session/protocol';
import { z } from 'zod';
import { AttributeSchema, type CustomAttributeConfig } from './auth/attribute-schema.js';
import { appEnvFor, runnerConfigFor } from './app-config.js';
import { ClientRegistry, clientConfigSchema, mergeClients, type ClientConfig } from './clients.js';
import { IdpCore } from './core.js';
import { Faults, OperationStats } from './http/faults.js';
import { Listener } from './http/listener.js';
import { createRouter, OPERATION_NAMES } from './http/router.js';
import { KeyRing } from './keys/key-ring.js';
import { IdentityPoolRegistry } from './identity/pools.js';
import { createOAuthHandler } from './oauth2/index.js';
import type { AdminCredentials, IdpOptions, RunningIdp } from './options.js';
import { loadSeed, type ResolvedSeed } from './seed.js';
import { StateStore } from './store/state-store.js';
import { loadPreTokenHook } from './tokens/pre-token-hook.js';
import { TokenIssuer } from './tokens/token-issuer.js';

export type {
  IdpOptions,
  RunningIdp,
  NewUserInput,
  AppConfigOptions,
  IdpRunnerConfig,
  ClientConfig,
  ResolvedClient,
  SeedData,
  PreTokenHook,
  CustomAttributeConfig,
  AdminCredentials,
  IdentityPoolConfig,
} from './options.js';
export type { PreTokenGenerationEvent } from './tokens/pre-token-hook.js';
export { CognitoError } from './cognito-error.js';
/** The server half of SRP, for tests that script a Cognito of their own. */
export { createPasswordVerifier, createServerEphemeral, verifyPasswordClaim } from './auth/srp-server.js';

export const DEFAULT_POOL_ID = 'us-east-1_LocalPool';
export const DEFAULT_PORT = 9229;
/**
 * A fixed, published key pair so `npm start`, the tests and `aws --endpoint-url` work with no
 * set-up. Publishing it is safe only because admin calls from web pages are refused whatever
 * they are signed with; set your own with `adminCredentials` / `--admin-access-key-id`.
 */
export const DEFAULT_ADMIN_CREDENTIALS: Readonly<AdminCredentials> = Object.freeze({
  accessKeyId: 'AKIALOCALIDPADMIN000',
  secretAccessKey: 'local-idp-admin-secret-not-an-aws-key',
});

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
  const adminCredentials = resolveAdminCredentials(options.adminCredentials);

  const seed = await loadSeed(options.seed);
  const attributes = new AttributeSchema(mergeCustomAttributes(seed.customAttributes, options.customAttributes ?? []));
  const clients = new ClientRegistry(mergeClients(seed.clients, withAccessValidity(seed, options), attributes));
  const { store, isNew } = await StateStore.open(options.dataFile);
  const keys = new KeyRing(store, now, () => clients.maxTokenLifetimeSeconds());
  await keys.ensureActiveKeys();
  const hook =
    typeof options.preTokenGeneration === 'string'
      ? await loadPreTokenHook(options.preTokenGeneration)
      : options.preTokenGeneration;

  // The local issuer names the port, known only once listening; everything reads it lazily.
  let origin = '';
  const issuer = () => (options.issuerMode === 'aws' ? awsIssuer(region, poolId) : `${origin}/${poolId}`);
  const identityPools = new IdentityPoolRegistry(seed.identityPools, {
    region,
    userPoolId: poolId,
    issuer,
    ...(options.credentialsValiditySeconds !== undefined && {
      credentialsValiditySeconds: options.credentialsValiditySeconds,
    }),
    ...(options.maxGuestIdentities !== undefined && { maxGuestIdentities: options.maxGuestIdentities }),
  });
  const tokens = new TokenIssuer({
    keys,
    attributes,
    issuer,
    poolId,
    region,
    now,
    groupRoles: (groups) => groupRoles(store, groups),
    ...(hook && { hook }),
  });
  const core = new IdpCore({ poolId, region, store, clients, attributes, keys, tokens, identityPools, now, log });
  if (isNew) await seedPool(core, seed);

  const faults = new Faults(OPERATION_NAMES);
  const stats = new OperationStats();
  const timers = new Set<NodeJS.Timeout>();
  let route: ((request: Request) => Promise<Response>) | undefined; // eslint-disable-line prefer-const -- assigned once the listener knows its port
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
    oauth: createOAuthHandler(core, { cookieScope: `${port}_${poolId}`, origin: () => origin }),
    // SigV4's ±15 min window is about the caller's real clock (the SDK signs with Date.now),
    // not the pool's injectable `now`, which tests move by hours.
    admin: { credentials: adminCredentials, region, ownOrigin: () => origin, wallClock: Date.now },
    sts: { region, now, wallClock: Date.now },
    control: {
      faults,
      stats,
      rotateKeys: () => keys.rotate(),
      // Close after the answer has been written; reopen on the same port after `ms`.
      scheduleOutage: (ms) =>
        later(20, async () => {
          await stop();
          later(ms, start);
        }),
    },
  });

  const identityPoolId = identityPools.default?.id;
  const address = {
    url: origin,
    poolId,
    issuer: issuer(),
    jwksUri: `${origin}/${poolId}/.well-known/jwks.json`,
    ...(identityPoolId !== undefined && { identityPoolId }),
  };
  const ensureGroup = async (group: string) => {
    if (!store.state.groups.has(group)) await core.users.createGroup({ name: group });
  };
  return {
    ...address,
    port,
    region,
    clients: [...clients.all],
    defaultClientId: clients.default.clientId,
    ...(identityPoolId !== undefined && { identityPoolId }),
    identityPoolIds: identityPools.all.map((pool) => pool.id),
    runnerConfig: (appOptions) => runnerConfigFor(address, clients, appOptions),
    appEnv: (appOptions) => appEnvFor(runnerConfigFor(address, clients, appOptions)),
    adminCredentials: { ...adminCredentials },
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
        // A test names the groups its user needs; the wire's AdminCreateUser has no groups at all.
        for (const group of input.groups ?? []) await ensureGroup(group);
        const user = await core.users.create({
          ...input,
          status: input.status ?? 'CONFIRMED',
          trusted: true,
          writer: { kind: 'admin' },
        });
        return { username: user.username, sub: user.sub };
      },
      setPassword: (username, password, opts) =>
        core.users.setPassword(username, password, { permanent: opts?.permanent ?? true, trusted: true }),
      async addToGroup(username, group) {
        await ensureGroup(group);
        await core.users.addToGroup(username, group);
      },
      confirmationCode: (username) => core.users.find(username)?.confirmationCode,
    },
  };
}

function resolveAdminCredentials(given: AdminCredentials | undefined): AdminCredentials {
  if (given === undefined) return { ...DEFAULT_ADMIN_CREDENTIALS };
  const { accessKeyId, secretAccessKey } = given;
  if (!/^[A-Z0-9]{16,128}$/.test(accessKeyId))
    throw new Error(
      'adminCredentials.accessKeyId must be 16–128 upper-case letters and digits, like an AWS access key id',
    );
  if (secretAccessKey.length < 16) throw new Error('adminCredentials.secretAccessKey must be at least 16 characters');
  return { accessKeyId, secretAccessKey };
}

/** The options' custom attributes replace the seed's of the same name and add the rest. */
function mergeCustomAttributes(seed: CustomAttributeConfig[], extra: CustomAttributeConfig[]): CustomAttributeConfig[] {
  const bare = (name: string) => name.replace(/^custom:/, '');
  const byName = new Map(seed.map((attribute) => [bare(attribute.name), attribute]));
  for (const attribute of extra) byName.set(bare(attribute.name), attribute);
  return [...byName.values()];
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

/** IAM roles of the user's groups, lowest precedence first: `cognito:preferred_role` is the first. */
function groupRoles(store: StateStore, groups: string[]): string[] {
  const records = groups.flatMap((name) => {
    const group = store.state.groups.get(name);
    return group?.roleArn !== undefined ? [group] : [];
  });
  records.sort((a, b) => (a.precedence ?? Number.MAX_SAFE_INTEGER) - (b.precedence ?? Number.MAX_SAFE_INTEGER));
  return [...new Set(records.map((group) => group.roleArn!))];
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
      writer: { kind: 'admin' },
      ...(user.sub !== undefined && { sub: user.sub }),
    });
  }
}
