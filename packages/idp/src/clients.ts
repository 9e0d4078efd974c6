/**
 * App clients of the local pool: their config schema, defaults (Cognito's: access/ID 60 min,
 * refresh 30 days, rotation off) and the registry the operations look clients up in.
 *
 * Clients are configuration, not state: they come from the seed file and `startIdp` options on
 * every start and are never persisted, so editing the seed takes effect on restart.
 */
import { z } from 'zod';
import type { AttributePermissions, AttributeSchema } from './auth/attribute-schema.js';
import { CognitoError } from './cognito-error.js';

const DAY = 24 * 60 * 60;

export const clientConfigSchema = z.object({
  clientId: z.string().regex(/^[\w+]+$/, 'client ids are word characters'),
  name: z.string().optional(),
  clientSecret: z.string().optional(),
  callbackUrls: z.array(z.string()).optional(),
  logoutUrls: z.array(z.string()).optional(),
  allowedScopes: z.array(z.string()).optional(),
  accessTokenValiditySeconds: z.number().int().positive().optional(),
  idTokenValiditySeconds: z.number().int().positive().optional(),
  refreshTokenValiditySeconds: z.number().int().positive().optional(),
  refreshTokenRotation: z
    .object({
      feature: z.enum(['ENABLED', 'DISABLED']),
      retryGracePeriodSeconds: z.number().int().min(0).max(60).optional(),
    })
    .optional(),
  /**
   * ENABLED (the default here, as in Cognito's console): an unknown username answers like a
   * wrong password or code. LEGACY: UserNotFoundException, as Cognito's API default.
   */
  preventUserExistenceErrors: z.enum(['ENABLED', 'LEGACY']).optional(),
  /** Attributes this client may read (ID token, GetUser, userInfo); default: all. */
  readAttributes: z.array(z.string()).optional(),
  /** Attributes this client may write (SignUp, NEW_PASSWORD_REQUIRED); default: all it can. */
  writeAttributes: z.array(z.string()).optional(),
});
export type ClientConfig = z.infer<typeof clientConfigSchema>;

export interface ResolvedClient {
  clientId: string;
  name: string;
  clientSecret?: string;
  callbackUrls: string[];
  logoutUrls: string[];
  allowedScopes: string[];
  accessTokenValiditySeconds: number;
  idTokenValiditySeconds: number;
  refreshTokenValiditySeconds: number;
  refreshTokenRotation: { feature: 'ENABLED' | 'DISABLED'; retryGracePeriodSeconds: number };
  preventUserExistenceErrors: 'ENABLED' | 'LEGACY';
  /** ReadAttributes / WriteAttributes, resolved against the pool's attribute schema. */
  attributes: AttributePermissions;
}

const DEFAULT_SCOPES = ['openid', 'email', 'profile', 'phone', 'aws.cognito.signin.user.admin'];

function resolveClient(config: ClientConfig, schema: AttributeSchema): ResolvedClient {
  return {
    clientId: config.clientId,
    name: config.name ?? config.clientId,
    ...(config.clientSecret !== undefined && { clientSecret: config.clientSecret }),
    callbackUrls: config.callbackUrls ?? [],
    logoutUrls: config.logoutUrls ?? [],
    allowedScopes: config.allowedScopes ?? DEFAULT_SCOPES,
    accessTokenValiditySeconds: config.accessTokenValiditySeconds ?? 3600,
    idTokenValiditySeconds: config.idTokenValiditySeconds ?? 3600,
    refreshTokenValiditySeconds: config.refreshTokenValiditySeconds ?? 30 * DAY,
    refreshTokenRotation: {
      feature: config.refreshTokenRotation?.feature ?? 'DISABLED',
      retryGracePeriodSeconds: config.refreshTokenRotation?.retryGracePeriodSeconds ?? 0,
    },
    preventUserExistenceErrors: config.preventUserExistenceErrors ?? 'ENABLED',
    attributes: schema.permissions(config),
  };
}

/**
 * Seed clients first, in order; an override with the same id is merged field by field over its
 * seed entry, a new id is appended. The first client is the pool's default.
 */
export function mergeClients(
  seed: ClientConfig[],
  overrides: ClientConfig[],
  schema: AttributeSchema,
): ResolvedClient[] {
  const merged = new Map<string, ClientConfig>();
  for (const client of seed) merged.set(client.clientId, client);
  for (const client of overrides) {
    const base = merged.get(client.clientId);
    merged.set(client.clientId, base ? { ...base, ...stripUndefined(client) } : client);
  }
  return [...merged.values()].map((config) => resolveClient(config, schema));
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export class ClientRegistry {
  private readonly byId: ReadonlyMap<string, ResolvedClient>;

  constructor(readonly all: readonly ResolvedClient[]) {
    if (all.length === 0) throw new Error('the local IdP needs at least one app client');
    this.byId = new Map(all.map((client) => [client.clientId, client]));
  }

  get default(): ResolvedClient {
    return this.all[0]!;
  }

  find(clientId: string): ResolvedClient | undefined {
    return this.byId.get(clientId);
  }

  /** Cognito answers an unknown ClientId with ResourceNotFoundException, before anything else. */
  require(clientId: string): ResolvedClient {
    const client = this.byId.get(clientId);
    if (!client) {
      throw new CognitoError('ResourceNotFoundException', `User pool client ${clientId} does not exist.`);
    }
    return client;
  }

  /** The longest an access or ID token can live: how long a retired signing key stays published. */
  maxTokenLifetimeSeconds(): number {
    return Math.max(...this.all.flatMap((c) => [c.accessTokenValiditySeconds, c.idTokenValiditySeconds]));
  }
}
