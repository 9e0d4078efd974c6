/**
 * The user's configuration — passed to `createServerRunner` or read from env vars — validated by
 * src/schema.ts into one frozen `ResolvedConfig`. Nothing here is module-global: each runner owns its own.
 *
 * @example
 *   resolveConfig({ config: { userPoolId: 'us-east-1_AbC123', userPoolClientId: '…' } })
 *   resolveConfig(undefined, process.env) // COGNITO_USER_POOL_ID, COGNITO_CLIENT_ID, …
 *
 * A wrong or missing value throws `ConfigInvalid` with one line naming the option or env var,
 * because a misconfiguration must never look like "signed out".
 */
import {
  awsEndpoint,
  awsIssuer,
  IDENTITY_POOL_ID_FORM,
  isAwsRegion,
  isIdentityPoolId,
  isPoolId,
  parsePoolId,
  POOL_ID_FORM,
} from './cognito/pool-id.js';
import { ENV_VARS, inputFromEnv, type Env } from './config-env.js';
import { ConfigInvalid } from './errors.js';
import {
  array,
  boolean,
  check,
  httpUrl,
  int,
  object,
  oneOf,
  optional,
  refine,
  Schema,
  string,
  withDefault,
  type Input,
  type Issue,
  type Output,
} from './schema.js';

const nonEmpty = (message?: string) => string({ min: 1, message });

const oauthSchema = object({
  /** Hosted UI origin, e.g. `https://auth.example.com` or the local IdP `http://127.0.0.1:9229`. */
  domain: httpUrl(),
  scopes: withDefault(array(nonEmpty()), () => ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin']),
  redirectSignIn: httpUrl(),
  redirectSignOut: httpUrl(),
});

const cognitoSchema = object({
  userPoolId: refine(string(), (value, fail) => {
    if (!isPoolId(value)) fail(`must look like ${POOL_ID_FORM}`);
  }),
  userPoolClientId: nonEmpty('must not be empty'),
  /** Only for confidential app clients; sent as SECRET_HASH. Keep it server-side. */
  userPoolClientSecret: optional(nonEmpty()),
  /** Only read where an AWS URL is derived (endpoint, issuer); defaults to the pool id's prefix. */
  region: optional(
    refine(string(), (value, fail) => {
      if (!isAwsRegion(value)) fail('must be an AWS region, e.g. us-east-1');
    }),
  ),
  /** Cognito JSON API endpoint; defaults to AWS. Point it at the local IdP for development. */
  userPoolEndpoint: optional(httpUrl()),
  /** Expected `iss`; defaults to the AWS form. Emulators issue their own. */
  issuer: optional(httpUrl()),
  jwksUri: optional(httpUrl()),
  /** An identity pool (`<region>:<uuid>`) that trades the user's ID token for AWS credentials. */
  identityPoolId: optional(
    refine(string(), (value, fail) => {
      if (!isIdentityPoolId(value)) fail(`must look like ${IDENTITY_POOL_ID_FORM}`);
    }),
  ),
  /** Cognito Identity's endpoint; defaults to AWS's in the pool's region. The local IdP answers it too. */
  identityPoolEndpoint: optional(httpUrl()),
  oauth: optional(oauthSchema),
});

const secretList = array(string({ min: 32, message: 'each secret needs at least 32 characters' }), { min: 1 });
/** One secret or a list; the list comes out either way. */
const secrets = new Schema<string[], string | string[]>((value, path, issues) =>
  secretList.run(typeof value === 'string' ? [value] : value, path, issues),
);

const cookieSchema = object({
  httpOnly: withDefault(boolean(), () => false),
  sameSite: withDefault(oneOf(['lax', 'strict', 'none']), () => 'lax' as const),
  secure: withDefault(oneOf([true, false, 'auto']), () => 'auto' as const),
  domain: optional(nonEmpty()),
  /** Seconds; tie it to the app client's refresh-token validity. */
  maxAge: withDefault(int({ min: 1 }), () => 30 * 24 * 60 * 60),
  /** Seal cookie values as JWE. First secret seals; all open (rotation). At least 32 chars each. */
  encryptionSecret: optional(secrets),
});

const sessionSchema = object({
  /** Refresh when the access or ID token expires within this many seconds. */
  refreshMarginSeconds: withDefault(int({ min: 0, max: 3600 }), () => 60),
  /** How long one IdP call may take before it counts as an outage. */
  idpTimeoutMs: withDefault(int({ min: 1, max: 60_000 }), () => 5000),
  /** A Redis shared by the app's instances (`redis://` or `rediss://`); see src/store/redis.ts. */
  redisUrl: optional(
    refine(string(), (value, fail) => {
      if (!/^rediss?:\/\//.test(value)) fail('must be a redis:// or rediss:// URL');
    }),
  ),
  /** Seals what a shared store keeps; defaults to the first cookie secret. At least 32 chars. */
  storeSecret: optional(string({ min: 32, message: 'needs at least 32 characters' })),
});

const runnerInputSchema = object({
  config: cognitoSchema,
  cookies: withDefault(cookieSchema, () => cookieSchema.parse({})),
  session: withDefault(sessionSchema, () => sessionSchema.parse({})),
});

export type CognitoConfigInput = Input<typeof cognitoSchema>;
export type CookieConfigInput = Input<typeof cookieSchema>;
export type SessionConfigInput = Input<typeof sessionSchema>;
export interface RunnerInput {
  config?: CognitoConfigInput;
  cookies?: CookieConfigInput;
  session?: SessionConfigInput;
}

export interface ResolvedConfig {
  readonly userPoolId: string;
  readonly clientId: string;
  readonly clientSecret?: string;
  /** `config.region`, else the pool id's prefix when that is an AWS region; unset for `local_…` ids. */
  readonly region?: string;
  readonly endpoint: string;
  readonly issuer: string;
  readonly jwksUri: string;
  /** Set with `config.identityPoolId`; read by `next-cognito-session/identity-pool`. */
  readonly identityPool?: Readonly<{ id: string; endpoint: string }>;
  readonly oauth?: Readonly<Output<typeof oauthSchema>>;
  readonly cookies: Readonly<Output<typeof cookieSchema>>;
  readonly session: Readonly<Output<typeof sessionSchema>>;
}

/** Validates and freezes; `input` wins over `env`, which fills what `input.config` leaves out. */
export function resolveConfig(input?: RunnerInput, env: Env = {}): ResolvedConfig {
  const fromEnv = inputFromEnv(env);
  const merged = {
    config: input?.config ?? fromEnv.config,
    cookies: dropUndefined({ ...fromEnv.cookies, ...input?.cookies }),
    session: dropUndefined({ ...fromEnv.session, ...input?.session }),
  };
  const parsed = check(runnerInputSchema, merged);
  if (!parsed.success) throw configError(parsed.error.issues, merged, input?.config === undefined);

  const { config, cookies, session } = parsed.data;
  const region = config.region ?? parsePoolId(config.userPoolId)?.region;
  const aws = () => awsRegion(config, region, input?.config === undefined);
  if (config.userPoolEndpoint && !config.issuer && !isAwsEndpoint(config.userPoolEndpoint)) {
    // aws() throws first for an emulator-style pool id, naming what it cannot derive.
    throw issuerRequired(
      config.userPoolEndpoint,
      config.userPoolId,
      awsIssuer(aws(), config.userPoolId),
      input?.config === undefined,
    );
  }
  const issuer = trimSlash(config.issuer ?? awsIssuer(aws(), config.userPoolId));
  return deepFreeze({
    userPoolId: config.userPoolId,
    clientId: config.userPoolClientId,
    ...(config.userPoolClientSecret ? { clientSecret: config.userPoolClientSecret } : {}),
    ...(region ? { region } : {}),
    endpoint: config.userPoolEndpoint ?? awsEndpoint(aws()),
    issuer,
    jwksUri: config.jwksUri ?? `${issuer}/.well-known/jwks.json`,
    ...(config.identityPoolId
      ? {
          identityPool: {
            id: config.identityPoolId,
            // The pool's region is its id's prefix: Cognito Identity answers for it there only.
            endpoint:
              config.identityPoolEndpoint ??
              `https://cognito-identity.${config.identityPoolId.split(':')[0]}.amazonaws.com/`,
          },
        }
      : {}),
    ...(config.oauth ? { oauth: { ...config.oauth, domain: trimSlash(config.oauth.domain) } } : {}),
    cookies,
    session,
  });
}

/**
 * The region an AWS endpoint or issuer is built with, asked for only when one is derived: an
 * emulator's pool id (`local_…`) is fine as long as its endpoint and issuer are set.
 */
function awsRegion(config: Output<typeof cognitoSchema>, region: string | undefined, fromEnv: boolean): string {
  const poolRegion = parsePoolId(config.userPoolId)?.region;
  const missing = [
    config.userPoolEndpoint ? undefined : optionName('config.userPoolEndpoint', fromEnv),
    config.issuer ? undefined : optionName('config.issuer', fromEnv),
  ].filter(Boolean);
  const poolIdOption = optionName('config.userPoolId', fromEnv);
  if (!region) {
    throw new ConfigInvalid(
      `next-cognito-session: ${poolIdOption} ${JSON.stringify(config.userPoolId)} names no AWS region, so ` +
        `${missing.join(' and ')} cannot default to AWS: set ${missing.length > 1 ? 'them' : 'it'} (an emulator's ` +
        `URLs) or ${optionName('config.region', fromEnv)}`,
    );
  }
  // A pool lives in the region its id names; any other region's URLs would never answer for it.
  if (poolRegion && poolRegion !== region) {
    throw new ConfigInvalid(
      `next-cognito-session: ${optionName('config.region', fromEnv)} ${region} is not the region of ` +
        `${poolIdOption} ${JSON.stringify(config.userPoolId)}, so the derived ${missing.join(' and ')} would be wrong`,
    );
  }
  return region;
}

function configError(issues: readonly Issue[], input: unknown, fromEnv: boolean): ConfigInvalid {
  const issue = issues[0]!;
  const path = issue.path.join('.');
  const value = issue.path.reduce<unknown>((node, key) => (node as Record<PropertyKey, unknown>)?.[key], input);
  const what = value === undefined ? 'is missing' : issue.message;
  return new ConfigInvalid(`next-cognito-session: ${optionName(path, fromEnv)} ${what}`);
}

/** How an option is named in errors: by env var first when the config came from env vars. */
function optionName(path: string, fromEnv: boolean): string {
  const envName = ENV_VARS[path as keyof typeof ENV_VARS];
  return fromEnv && envName ? `${envName} (${path})` : envName ? `${path} (env ${envName})` : path;
}

/**
 * Cognito's own endpoints — regional, FIPS, China, PrivateLink (`*.vpce.amazonaws.com`) — all issue
 * tokens whose `iss` is the AWS form, so the default issuer is right for them.
 */
function isAwsEndpoint(endpoint: string): boolean {
  return /(^|\.)amazonaws\.com(\.cn)?$/.test(new URL(endpoint).hostname);
}

/**
 * Any other endpoint (the local IdP, an emulator, a proxy) issues its own `iss`. Defaulting to AWS's
 * would send every token to AWS's JWKS and refuse it as from the wrong issuer — a sign-in that
 * succeeds followed by "signed out" — so the missing value is named at start instead.
 */
function issuerRequired(endpoint: string, userPoolId: string, awsIssuer: string, fromEnv: boolean): ConfigInvalid {
  const [issuer, endpointName, jwks] = fromEnv
    ? ['COGNITO_ISSUER', 'COGNITO_ENDPOINT', 'COGNITO_JWKS_URI']
    : ['config.issuer', 'config.userPoolEndpoint', 'config.jwksUri'];
  const set = (value: string) => (fromEnv ? `${issuer}=${value}` : `${issuer}: '${value}'`);
  return new ConfigInvalid(
    `next-cognito-session: ${issuer} is required when ${endpointName} is not AWS (${endpoint}): ` +
      `tokens would be checked against ${awsIssuer}/.well-known/jwks.json. ` +
      `For the local IdP set ${set(`${trimSlash(endpoint)}/${userPoolId}`)} (${jwks} follows from it); ` +
      `for Cognito behind a proxy, ${set(awsIssuer)}`,
  );
}

function dropUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
