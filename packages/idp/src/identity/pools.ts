/**
 * Identity pools: configuration (from the seed and `startIdp` options, never persisted, like app
 * clients) and the registry operations look them up in. A pool trusts this IdP's user pool as
 * its one provider, under both names a client may use for it: Cognito's
 * `cognito-idp.<region>.amazonaws.com/<poolId>` and the issuer without its scheme, which is what
 * Amplify builds its Logins key from (`formLoginsMap` strips `https://` from `iss`).
 */
import { awsIssuer } from 'next-cognito-session/protocol';
import { z } from 'zod';
import { CognitoError } from '../cognito-error.js';

export const iamRoleArn = z
  .string()
  .regex(
    /^arn:aws[\w-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/,
    'must be an IAM role ARN (arn:aws:iam::<account>:role/<name>)',
  );

/** Cognito's limits for GetCredentialsForIdentity: 15 minutes to 12 hours, 1 hour by default. */
export const DEFAULT_CREDENTIALS_VALIDITY_SECONDS = 3600;
const validitySeconds = z
  .number()
  .int()
  .min(900)
  .max(12 * 3600);

export const identityPoolConfigSchema = z
  .object({
    /** `<region>:<uuid>`, or the uuid alone (the IdP's region is put in front). */
    id: z.string().regex(/^([a-z0-9-]+:)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
    name: z.string().min(1).optional(),
    allowUnauthenticatedIdentities: z.boolean().default(false),
    authenticatedRoleArn: iamRoleArn,
    unauthenticatedRoleArn: iamRoleArn.optional(),
    /** The user pool's app clients whose ID tokens this identity pool accepts (`aud`). */
    clientIds: z.array(z.string().min(1)).min(1),
    /**
     * `Default`: every signed-in user gets `authenticatedRoleArn`. `Token`: the ID token's
     * `cognito:preferred_role` (from the user's groups), or a `CustomRoleArn` among its
     * `cognito:roles`; the authenticated role when the token names none.
     */
    roleMapping: z.enum(['Default', 'Token']).default('Default'),
    credentialsValiditySeconds: validitySeconds.optional(),
  })
  .refine((pool) => !pool.allowUnauthenticatedIdentities || pool.unauthenticatedRoleArn !== undefined, {
    message: 'allowUnauthenticatedIdentities needs an unauthenticatedRoleArn',
    path: ['unauthenticatedRoleArn'],
  });
export type IdentityPoolConfig = z.input<typeof identityPoolConfigSchema>;

export interface IdentityPool {
  id: string;
  name: string;
  allowUnauthenticatedIdentities: boolean;
  authenticatedRoleArn: string;
  unauthenticatedRoleArn?: string;
  clientIds: readonly string[];
  roleMapping: 'Default' | 'Token';
  credentialsValiditySeconds: number;
}

export interface IdentityPoolRegistryDeps {
  region: string;
  userPoolId: string;
  /** The user pool's issuer, read lazily (the local one names the port). */
  issuer: () => string;
  /** `startIdp`'s option: applies to every pool that does not set its own. */
  credentialsValiditySeconds?: number;
  /** `startIdp`'s option: guest identities kept per pool before the oldest is forgotten. */
  maxGuestIdentities?: number;
}

/**
 * GetId without logins is open to any caller (as Cognito's is), and every guest is a record in
 * the state file: without a bound, a page in a loop would grow it without end.
 */
export const DEFAULT_MAX_GUEST_IDENTITIES = 10_000;

export class IdentityPoolRegistry {
  private readonly pools: ReadonlyMap<string, IdentityPool>;

  constructor(
    configs: z.output<typeof identityPoolConfigSchema>[],
    private readonly deps: IdentityPoolRegistryDeps,
  ) {
    const fallback = deps.credentialsValiditySeconds ?? DEFAULT_CREDENTIALS_VALIDITY_SECONDS;
    validitySeconds.parse(fallback);
    this.pools = new Map(
      configs.map((config) => {
        const id = config.id.includes(':') ? config.id : `${deps.region}:${config.id}`;
        const pool: IdentityPool = {
          id,
          name: config.name ?? id,
          allowUnauthenticatedIdentities: config.allowUnauthenticatedIdentities,
          authenticatedRoleArn: config.authenticatedRoleArn,
          ...(config.unauthenticatedRoleArn !== undefined && { unauthenticatedRoleArn: config.unauthenticatedRoleArn }),
          clientIds: [...config.clientIds],
          roleMapping: config.roleMapping,
          credentialsValiditySeconds: config.credentialsValiditySeconds ?? fallback,
        };
        return [id, pool];
      }),
    );
  }

  get maxGuestIdentities(): number {
    return this.deps.maxGuestIdentities ?? DEFAULT_MAX_GUEST_IDENTITIES;
  }

  get all(): IdentityPool[] {
    return [...this.pools.values()];
  }

  /** The first pool: what the banner and `appEnv()` name. */
  get default(): IdentityPool | undefined {
    return this.pools.values().next().value;
  }

  require(id: string): IdentityPool {
    const pool = this.pools.get(id);
    if (!pool) throw new CognitoError('ResourceNotFoundException', `IdentityPool '${id}' not found.`);
    return pool;
  }

  /** True when a Logins key names this IdP's user pool. */
  isUserPoolProvider(name: string): boolean {
    return this.providerNames().includes(name);
  }

  /** Both spellings of the provider; the first is Cognito's own. */
  providerNames(): string[] {
    const { region, userPoolId, issuer } = this.deps;
    const withoutScheme = (url: string) => url.replace(/^\w+:\/\//, '');
    return [...new Set([withoutScheme(awsIssuer(region, userPoolId)), withoutScheme(issuer())])];
  }
}
