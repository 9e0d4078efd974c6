/** What `startIdp` accepts, and the handle it returns. */
import type { CustomAttributeConfig } from './auth/attribute-schema.js';
import type { ClientConfig, ResolvedClient } from './clients.js';
import type { FaultSnapshot } from './http/faults.js';
import type { IdentityPoolConfig } from './identity/pools.js';
import type { SeedData } from './seed.js';
import type { PreTokenHook } from './tokens/pre-token-hook.js';

export type {
  ClientConfig,
  ResolvedClient,
  SeedData,
  PreTokenHook,
  FaultSnapshot,
  CustomAttributeConfig,
  IdentityPoolConfig,
};

export interface IdpOptions {
  /** Default 9229; 0 picks an ephemeral port (tests). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** JSON state file; without one the state lives in memory only. */
  dataFile?: string;
  /** Default: the bundled demo seed; a path, inline data, or false for none. */
  seed?: string | SeedData | false;
  /** Default `us-east-1_LocalPool`. */
  poolId?: string;
  /** Default: the pool id's prefix. */
  region?: string;
  /** `local` (default): `http://<host>:<port>/<poolId>`; `aws`: `https://cognito-idp.<region>.amazonaws.com/<poolId>`. */
  issuerMode?: 'local' | 'aws';
  /** Merged over the seed's clients by clientId; new ids are appended. */
  clients?: ClientConfig[];
  /** `custom:*` attributes, added to (or, by name, replacing) the seed's. */
  customAttributes?: CustomAttributeConfig[];
  /**
   * Life of identity-pool credentials (GetCredentialsForIdentity) for every identity pool that
   * does not set its own: 900–43200 seconds, default 3600.
   */
  credentialsValiditySeconds?: number;
  /** Guest identities (GetId without logins) kept per identity pool; the oldest go first. Default 10,000. */
  maxGuestIdentities?: number;
  /** Access-token life for every client that does not set its own in `clients`. */
  accessTokenValiditySeconds?: number;
  /** An in-process hook, or the path of a module whose default export (or `handler`) is one. */
  preTokenGeneration?: PreTokenHook | string;
  /** Milliseconds since epoch; inject to control token times, grace periods and expiry. */
  now?: () => number;
  /** Where operational lines go (confirmation codes, temporary passwords, failures). */
  log?: (line: string) => void;
  /**
   * The IAM key pair admin operations must be SigV4-signed with. Default: the documented
   * `DEFAULT_ADMIN_CREDENTIALS` (safe to publish: admin calls from web pages are refused anyway).
   */
  adminCredentials?: AdminCredentials;
}

export interface AdminCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface NewUserInput {
  username: string;
  /** Permanent (CONFIRMED users): the user signs in with it at once. Not checked against the policy. */
  password: string;
  /** Written as an administrator: any schema attribute, `email_verified` included. */
  attributes?: Record<string, string>;
  /** Groups to join; `admin.createUser` creates the ones the pool does not have yet. */
  groups?: string[];
  /** Default CONFIRMED; FORCE_CHANGE_PASSWORD makes the next sign-in a NEW_PASSWORD_REQUIRED. */
  status?: 'CONFIRMED' | 'FORCE_CHANGE_PASSWORD' | 'UNCONFIRMED';
}

/** Which app client an app uses, and its hosted-UI redirects when it signs in through /oauth2. */
export interface AppConfigOptions {
  /** Default: the pool's default client (the seed's first). */
  clientId?: string;
  /** Adds `oauth` with this IdP as the hosted-UI domain. */
  oauth?: { redirectSignIn: string; redirectSignOut: string; scopes?: string[] };
}

/** `createServerRunner({ config })` of next-cognito-session, filled in for this IdP. */
export interface IdpRunnerConfig {
  userPoolId: string;
  userPoolClientId: string;
  /** Present when the client is confidential. */
  userPoolClientSecret?: string;
  userPoolEndpoint: string;
  issuer: string;
  jwksUri: string;
  /** The seed's first identity pool, when it has one; its endpoint is this IdP. */
  identityPoolId?: string;
  identityPoolEndpoint?: string;
  oauth?: { domain: string; redirectSignIn: string; redirectSignOut: string; scopes?: string[] };
}

export interface RunningIdp {
  /** `http://<host>:<port>`: the JSON API endpoint (`userPoolEndpoint` / SDK `endpoint`). */
  url: string;
  port: number;
  poolId: string;
  region: string;
  issuer: string;
  jwksUri: string;
  clients: ResolvedClient[];
  defaultClientId: string;
  /** The seed's first identity pool (what `appEnv()` names), when the seed has any. */
  identityPoolId?: string;
  identityPoolIds: string[];
  /**
   * The runner config that points an app at this IdP:
   * `createServerRunner({ config: idp.runnerConfig(), env: {} })`. Throws for an unknown client.
   */
  runnerConfig(options?: AppConfigOptions): IdpRunnerConfig;
  /** The same as the `COGNITO_*` env vars an app in another process (`next start`) reads. */
  appEnv(options?: AppConfigOptions): Record<string, string>;
  /** Pass as the AWS SDK's `credentials` to call admin operations (AdminCreateUser, …). */
  adminCredentials: AdminCredentials;
  /** Closes the port, keeps state (simulates an outage). */
  stop(): Promise<void>;
  /** Reopens the same port. */
  start(): Promise<void>;
  /** Closes the port for good and waits for pending state writes. */
  close(): Promise<void>;
  /** New signing keys; old public keys stay in the JWKS until their tokens have expired. */
  rotateKeys(): Promise<void>;
  faults: {
    setLatency(ms: number): void;
    failOperation(op: string | '*', status?: number): void;
    clear(): void;
    snapshot(): FaultSnapshot;
  };
  stats: { count(op: string): number; reset(): void; snapshot(): Record<string, number> };
  /** In-process user management (no HTTP, no credentials): what tests seed their users with. */
  admin: {
    /** A user who can sign in at once (CONFIRMED unless `status` says otherwise). */
    createUser(input: NewUserInput): Promise<{ username: string; sub: string }>;
    setPassword(username: string, password: string, options?: { permanent?: boolean }): Promise<void>;
    /** Creates the group when it does not exist yet (the wire operation refuses that). */
    addToGroup(username: string, group: string): Promise<void>;
    /** The code SignUp logged, for tests that confirm users programmatically. */
    confirmationCode(username: string): string | undefined;
  };
}
