/**
 * The JWT attack corpus. Every forged or misplaced token goes into the session cookie it targets
 * and is tried four ways: `resolveSession` in the never-refresh mode of server components, with
 * and without a refresh token, and the real edge middleware under `next start`, with and without
 * a refresh token. It must be refused with a typed reason, never accepted and never a 5xx.
 *
 * With a refresh token present the middleware may legitimately trade it for new tokens; then
 * what must hold is that the page saw tokens the IdP just issued, never the planted one.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryJar } from '../../src/cookies';
import type { AuthErrorCode } from '../../src/errors';
import { startIdp, type RunningIdp } from 'next-cognito-session-idp';
import seed from 'next-cognito-session-idp/demo-seed.json';
import { resolveSession } from '../../src/session/resolve-session';
import type { AuthCore } from '../../src/session/core';
import { createTokenVerifier } from '../../src/tokens';
import { OffsetClock } from '../integration/support/browser';
import { APP_VARIANTS, appEnv, startNext, type NextServer } from '../integration/support/next-server';
import { Clock, createCore } from '../integration/support/session-harness';
import {
  bytes,
  compact,
  foreignKey,
  parts,
  publicKeyPem,
  segment,
  sign,
  type Claims,
  type ForeignKey,
  type Header,
} from './support/forge';
import {
  cookieHeader,
  jtiOf,
  passwordSignIn,
  poolSigningKeys,
  readResponse,
  sendOversized,
  sessionCookies,
  tokenFromSetCookie,
  type PoolKey,
  type RealSession,
} from './support/hostile';

const demo = seed.users.find((u) => u.username === 'demo@example.com')!;
const admin = seed.users.find((u) => u.username === 'admin@example.com')!;
const OTHER_CLIENT = seed.clients[1]!.clientId;
const HOUR_MS = 3600_000;

interface Kit {
  base: RealSession;
  access: { header: Header; payload: Claims };
  id: { header: Header; payload: Claims };
  jwks: Record<string, any>;
  pool: { access: PoolKey; id: PoolKey };
  rs256: ForeignKey;
  rs512: ForeignKey;
  ps256: ForeignKey;
  otherClient: RealSession;
  otherUser: RealSession;
  expired: RealSession;
  attackerUrl: string;
  now: number;
}

type Slot = 'accessToken' | 'idToken';

interface AttackCase {
  name: string;
  slot: Slot;
  /** Reasons resolveSession may give; more than one only where two checks legitimately race. */
  codes: AuthErrorCode[];
  make(kit: Kit): Promise<string> | string;
}

const forgedAccess = (kit: Kit, name: string, change: Claims = {}): Claims => ({
  ...kit.access.payload,
  jti: `forged-${name}`,
  ...change,
});
const forgedId = (kit: Kit, name: string, change: Claims = {}): Claims => ({
  ...kit.id.payload,
  jti: `forged-${name}`,
  ...change,
});
const without = (claims: Claims, ...names: string[]): Claims =>
  Object.fromEntries(Object.entries(claims).filter(([key]) => !names.includes(key)));
const nowSeconds = (kit: Kit) => Math.floor(kit.now / 1000);
const accessKid = (kit: Kit) => kit.access.header.kid as string;

const CASES: AttackCase[] = [
  // ── algorithm confusion ────────────────────────────────────────────────────────────────
  {
    name: 'alg-none-empty-signature',
    slot: 'accessToken',
    codes: ['InvalidToken'],
    make: (k) =>
      `${segment({ alg: 'none', kid: accessKid(k) })}.${segment(forgedAccess(k, 'alg-none-empty-signature'))}.`,
  },
  {
    name: 'alg-none-with-signature',
    slot: 'accessToken',
    codes: ['InvalidToken'],
    make: (k) => compact({ alg: 'none', kid: accessKid(k), typ: 'JWT' }, forgedAccess(k, 'alg-none-with-signature')),
  },
  {
    name: 'alg-NoNe-mixed-case',
    slot: 'idToken',
    codes: ['InvalidToken'],
    make: (k) => compact({ alg: 'NoNe', kid: k.id.header.kid }, forgedId(k, 'alg-NoNe-mixed-case')),
  },
  {
    name: 'alg-missing',
    slot: 'accessToken',
    codes: ['InvalidToken'],
    make: (k) => compact({ kid: accessKid(k) }, forgedAccess(k, 'alg-missing')),
  },
  {
    name: 'hs256-secret-is-public-key-pem',
    slot: 'accessToken',
    codes: ['InvalidToken'],
    make: async (k) =>
      sign(
        { alg: 'HS256', kid: accessKid(k) },
        forgedAccess(k, 'hs256-secret-is-public-key-pem'),
        bytes(await publicKeyPem(k.jwks[accessKid(k)])),
      ),
  },
  {
    name: 'hs256-secret-is-public-jwk-json',
    slot: 'idToken',
    codes: ['InvalidToken'],
    make: (k) =>
      sign(
        { alg: 'HS256', kid: k.id.header.kid },
        forgedId(k, 'hs256-secret-is-public-jwk-json'),
        bytes(JSON.stringify(k.jwks[k.id.header.kid as string])),
      ),
  },
  {
    name: 'hs512-secret-is-public-key-pem',
    slot: 'accessToken',
    codes: ['InvalidToken'],
    make: async (k) =>
      sign(
        { alg: 'HS512', kid: accessKid(k) },
        forgedAccess(k, 'hs512-secret-is-public-key-pem'),
        bytes(await publicKeyPem(k.jwks[accessKid(k)])),
      ),
  },
  {
    name: 'rs512-foreign-key-right-kid',
    slot: 'accessToken',
    codes: ['InvalidToken'],
    make: (k) =>
      sign({ alg: 'RS512', kid: accessKid(k) }, forgedAccess(k, 'rs512-foreign-key-right-kid'), k.rs512.privateKey),
  },
  {
    name: 'ps256-foreign-key-right-kid',
    slot: 'accessToken',
    codes: ['InvalidToken'],
    make: (k) =>
      sign({ alg: 'PS256', kid: accessKid(k) }, forgedAccess(k, 'ps256-foreign-key-right-kid'), k.ps256.privateKey),
  },

  // ── wrong key, right kid ───────────────────────────────────────────────────────────────
  {
    name: 'foreign-rsa-key-right-kid-access',
    slot: 'accessToken',
    codes: ['InvalidSignature'],
    make: (k) =>
      sign(
        { alg: 'RS256', kid: accessKid(k) },
        forgedAccess(k, 'foreign-rsa-key-right-kid-access', { 'cognito:groups': ['ADMINS'] }),
        k.rs256.privateKey,
      ),
  },
  {
    name: 'foreign-rsa-key-right-kid-id',
    slot: 'idToken',
    codes: ['InvalidSignature'],
    make: (k) =>
      sign({ alg: 'RS256', kid: k.id.header.kid }, forgedId(k, 'foreign-rsa-key-right-kid-id'), k.rs256.privateKey),
  },
  {
    name: 'genuine-signature-tampered-payload',
    slot: 'accessToken',
    codes: ['InvalidSignature'],
    make: (k) =>
      `${k.base.accessToken.split('.')[0]}.${segment(forgedAccess(k, 'genuine-signature-tampered-payload', { 'cognito:groups': ['ADMINS'] }))}.${parts(k.base.accessToken).signature}`,
  },
  {
    name: 'genuine-token-header-kid-swapped-to-id-key',
    slot: 'accessToken',
    codes: ['InvalidSignature'],
    make: (k) => {
      const [, p, s] = k.base.accessToken.split('.');
      return `${segment({ ...k.access.header, kid: k.id.header.kid })}.${p}.${s}`;
    },
  },

  // ── kid games ──────────────────────────────────────────────────────────────────────────
  {
    name: 'kid-missing',
    slot: 'accessToken',
    codes: ['InvalidToken'],
    make: (k) => sign({ alg: 'RS256' }, forgedAccess(k, 'kid-missing'), k.rs256.privateKey),
  },
  {
    name: 'kid-unknown',
    slot: 'accessToken',
    codes: ['UnknownKeyId'],
    make: (k) => sign({ alg: 'RS256', kid: 'no-such-key-id' }, forgedAccess(k, 'kid-unknown'), k.rs256.privateKey),
  },
  {
    name: 'kid-path-traversal',
    slot: 'accessToken',
    codes: ['UnknownKeyId'],
    make: (k) =>
      sign({ alg: 'RS256', kid: '../../../../etc/passwd' }, forgedAccess(k, 'kid-path-traversal'), k.rs256.privateKey),
  },
  {
    name: 'kid-sql-injection',
    slot: 'idToken',
    codes: ['UnknownKeyId'],
    make: (k) => sign({ alg: 'RS256', kid: "x' OR '1'='1'; --" }, forgedId(k, 'kid-sql-injection'), k.rs256.privateKey),
  },
  {
    name: 'kid-shell-and-proto-injection',
    slot: 'accessToken',
    codes: ['UnknownKeyId'],
    make: (k) =>
      sign(
        { alg: 'RS256', kid: '__proto__$(touch /tmp/pwned)|`id`' },
        forgedAccess(k, 'kid-shell-and-proto-injection'),
        k.rs256.privateKey,
      ),
  },
  {
    name: 'kid-not-a-string',
    slot: 'accessToken',
    codes: ['InvalidToken'],
    make: (k) => sign({ alg: 'RS256', kid: 42 }, forgedAccess(k, 'kid-not-a-string'), k.rs256.privateKey),
  },
  {
    name: 'kid-oversized',
    slot: 'accessToken',
    codes: ['InvalidToken'],
    make: (k) => sign({ alg: 'RS256', kid: 'k'.repeat(5000) }, forgedAccess(k, 'kid-oversized'), k.rs256.privateKey),
  },

  // ── headers that point at attacker keys (must never be read, let alone fetched) ─────────
  {
    name: 'embedded-jwk-attacker-kid',
    slot: 'accessToken',
    codes: ['UnknownKeyId'],
    make: (k) =>
      sign(
        { alg: 'RS256', kid: k.rs256.kid, jwk: k.rs256.publicJwk },
        forgedAccess(k, 'embedded-jwk-attacker-kid'),
        k.rs256.privateKey,
      ),
  },
  {
    name: 'embedded-jwk-real-kid',
    slot: 'accessToken',
    codes: ['InvalidSignature'],
    make: (k) =>
      sign(
        { alg: 'RS256', kid: accessKid(k), jwk: { ...k.rs256.publicJwk, kid: accessKid(k) } },
        forgedAccess(k, 'embedded-jwk-real-kid'),
        k.rs256.privateKey,
      ),
  },
  {
    name: 'jku-attacker-jwks',
    slot: 'accessToken',
    codes: ['UnknownKeyId'],
    make: (k) =>
      sign(
        { alg: 'RS256', kid: k.rs256.kid, jku: `${k.attackerUrl}/jwks.json` },
        forgedAccess(k, 'jku-attacker-jwks'),
        k.rs256.privateKey,
      ),
  },
  {
    name: 'jku-attacker-jwks-real-kid',
    slot: 'idToken',
    codes: ['InvalidSignature'],
    make: (k) =>
      sign(
        { alg: 'RS256', kid: k.id.header.kid, jku: `${k.attackerUrl}/jwks.json` },
        forgedId(k, 'jku-attacker-jwks-real-kid'),
        k.rs256.privateKey,
      ),
  },
  {
    name: 'x5u-attacker-certificate',
    slot: 'accessToken',
    codes: ['InvalidSignature'],
    make: (k) =>
      sign(
        { alg: 'RS256', kid: accessKid(k), x5u: `${k.attackerUrl}/cert.pem` },
        forgedAccess(k, 'x5u-attacker-certificate'),
        k.rs256.privateKey,
      ),
  },
  {
    name: 'crit-unknown-extension',
    slot: 'accessToken',
    codes: ['InvalidToken'],
    make: (k) =>
      compact({ alg: 'RS256', kid: accessKid(k), crit: ['exp'], exp: 1 }, forgedAccess(k, 'crit-unknown-extension')),
  },

  // ── correctly signed by the pool, wrong for this app (confused deputy) ─────────────────
  {
    name: 'iss-another-pool',
    slot: 'accessToken',
    codes: ['WrongIssuer'],
    make: (k) =>
      sign(
        { alg: 'RS256', kid: k.pool.access.kid },
        forgedAccess(k, 'iss-another-pool', { iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Evil' }),
        k.pool.access.key,
      ),
  },
  {
    name: 'iss-trailing-slash',
    slot: 'idToken',
    codes: ['WrongIssuer'],
    make: (k) =>
      sign(
        { alg: 'RS256', kid: k.pool.id.kid },
        forgedId(k, 'iss-trailing-slash', { iss: `${k.id.payload.iss as string}/` }),
        k.pool.id.key,
      ),
  },
  {
    name: 'iss-missing',
    slot: 'accessToken',
    codes: ['WrongIssuer', 'ClaimsInvalid'],
    make: (k) =>
      sign({ alg: 'RS256', kid: k.pool.access.kid }, without(forgedAccess(k, 'iss-missing'), 'iss'), k.pool.access.key),
  },
  {
    name: 'client_id-another-client',
    slot: 'accessToken',
    codes: ['WrongAudience'],
    make: (k) =>
      sign(
        { alg: 'RS256', kid: k.pool.access.kid },
        forgedAccess(k, 'client_id-another-client', { client_id: OTHER_CLIENT }),
        k.pool.access.key,
      ),
  },
  {
    name: 'genuine-access-token-of-another-client',
    slot: 'accessToken',
    codes: ['WrongAudience'],
    make: (k) => k.otherClient.accessToken,
  },
  {
    name: 'genuine-id-token-of-another-client',
    slot: 'idToken',
    codes: ['WrongAudience'],
    make: (k) => k.otherClient.idToken,
  },
  {
    name: 'aud-array-without-this-client',
    slot: 'idToken',
    codes: ['WrongAudience'],
    make: (k) =>
      sign(
        { alg: 'RS256', kid: k.pool.id.kid },
        forgedId(k, 'aud-array-without-this-client', { aud: [OTHER_CLIENT] }),
        k.pool.id.key,
      ),
  },
  {
    name: 'aud-missing',
    slot: 'idToken',
    codes: ['WrongAudience'],
    make: (k) => sign({ alg: 'RS256', kid: k.pool.id.kid }, without(forgedId(k, 'aud-missing'), 'aud'), k.pool.id.key),
  },
  // Both genuine and verified on their own, but from two users' sessions: stitched together they
  // would give demo's access with admin's attributes (email, custom:tenant) in session.claims.
  {
    name: 'genuine-id-token-of-another-user',
    slot: 'idToken',
    codes: ['ClaimsInvalid'],
    make: (k) => k.otherUser.idToken,
  },
  { name: 'id-token-as-access-token', slot: 'accessToken', codes: ['WrongTokenUse'], make: (k) => k.base.idToken },
  { name: 'access-token-as-id-token', slot: 'idToken', codes: ['WrongTokenUse'], make: (k) => k.base.accessToken },
  {
    name: 'token_use-missing',
    slot: 'accessToken',
    codes: ['WrongTokenUse'],
    make: (k) =>
      sign(
        { alg: 'RS256', kid: k.pool.access.kid },
        without(forgedAccess(k, 'token_use-missing'), 'token_use'),
        k.pool.access.key,
      ),
  },
  {
    name: 'token_use-id-on-access-key',
    slot: 'accessToken',
    codes: ['WrongTokenUse'],
    make: (k) =>
      sign(
        { alg: 'RS256', kid: k.pool.access.kid },
        forgedAccess(k, 'token_use-id-on-access-key', { token_use: 'id' }),
        k.pool.access.key,
      ),
  },

  // ── time ────────────────────────────────────────────────────────────────────────────────
  { name: 'exp-past-genuine', slot: 'accessToken', codes: ['TokenExpired'], make: (k) => k.expired.accessToken },
  {
    name: 'exp-past-pool-signed',
    slot: 'idToken',
    codes: ['TokenExpired'],
    make: (k) =>
      sign(
        { alg: 'RS256', kid: k.pool.id.kid },
        forgedId(k, 'exp-past-pool-signed', { exp: nowSeconds(k) - 600 }),
        k.pool.id.key,
      ),
  },
  {
    name: 'nbf-future',
    slot: 'accessToken',
    codes: ['TokenNotYetValid'],
    make: (k) =>
      sign(
        { alg: 'RS256', kid: k.pool.access.kid },
        forgedAccess(k, 'nbf-future', { nbf: nowSeconds(k) + 3600 }),
        k.pool.access.key,
      ),
  },
  {
    name: 'iat-far-future',
    slot: 'accessToken',
    codes: ['TokenNotYetValid', 'ClaimsInvalid'],
    make: (k) =>
      sign(
        { alg: 'RS256', kid: k.pool.access.kid },
        forgedAccess(k, 'iat-far-future', {
          iat: nowSeconds(k) + 365 * 86400,
          exp: nowSeconds(k) + 365 * 86400 + 3600,
        }),
        k.pool.access.key,
      ),
  },

  // ── missing or mistyped claims ──────────────────────────────────────────────────────────
  {
    name: 'exp-missing',
    slot: 'accessToken',
    codes: ['ClaimsInvalid'],
    make: (k) =>
      sign({ alg: 'RS256', kid: k.pool.access.kid }, without(forgedAccess(k, 'exp-missing'), 'exp'), k.pool.access.key),
  },
  {
    name: 'exp-as-string',
    slot: 'idToken',
    codes: ['ClaimsInvalid', 'InvalidToken'],
    make: (k) =>
      sign(
        { alg: 'RS256', kid: k.pool.id.kid },
        forgedId(k, 'exp-as-string', { exp: String(nowSeconds(k) + 3600) }),
        k.pool.id.key,
      ),
  },
  {
    name: 'sub-missing',
    slot: 'accessToken',
    codes: ['ClaimsInvalid'],
    make: (k) =>
      sign({ alg: 'RS256', kid: k.pool.access.kid }, without(forgedAccess(k, 'sub-missing'), 'sub'), k.pool.access.key),
  },
  // A missing `username` is a shape real pools send (the ID token's cognito:username stands in); a wrong one is not.
  {
    name: 'username-not-a-string',
    slot: 'accessToken',
    codes: ['ClaimsInvalid'],
    make: (k) =>
      sign(
        { alg: 'RS256', kid: k.pool.access.kid },
        forgedAccess(k, 'username-not-a-string', { username: ['admin'] }),
        k.pool.access.key,
      ),
  },
  {
    name: 'cognito-username-missing',
    slot: 'idToken',
    codes: ['ClaimsInvalid'],
    make: (k) =>
      sign(
        { alg: 'RS256', kid: k.pool.id.kid },
        without(forgedId(k, 'cognito-username-missing'), 'cognito:username'),
        k.pool.id.key,
      ),
  },
  {
    name: 'groups-not-an-array',
    slot: 'accessToken',
    codes: ['ClaimsInvalid'],
    make: (k) =>
      sign(
        { alg: 'RS256', kid: k.pool.access.kid },
        forgedAccess(k, 'groups-not-an-array', { 'cognito:groups': 'ADMINS' }),
        k.pool.access.key,
      ),
  },
  {
    name: 'payload-json-array',
    slot: 'accessToken',
    codes: ['InvalidToken'],
    make: (k) => compact({ alg: 'RS256', kid: accessKid(k) }, [forgedAccess(k, 'payload-json-array')]),
  },

  // ── not a JWT at all ───────────────────────────────────────────────────────────────────
  {
    name: 'truncated-signature',
    slot: 'accessToken',
    codes: ['InvalidSignature', 'InvalidToken'],
    make: (k) => k.base.accessToken.slice(0, -20),
  },
  {
    name: 'truncated-to-two-segments',
    slot: 'idToken',
    codes: ['InvalidToken'],
    make: (k) => k.base.idToken.split('.').slice(0, 2).join('.'),
  },
  {
    name: 'extra-segment',
    slot: 'accessToken',
    codes: ['InvalidToken'],
    make: (k) => `${k.base.accessToken}.${parts(k.base.accessToken).signature}`,
  },
  {
    name: 'five-segments-like-jwe',
    slot: 'accessToken',
    codes: ['InvalidToken'],
    make: (k) => `${k.base.accessToken.split('.')[0]}.AAAA.BBBB.CCCC.DDDD`,
  },
  {
    name: 'bad-base64-characters',
    slot: 'accessToken',
    codes: ['InvalidToken'],
    make: (k) => {
      const [h, p, s] = k.base.accessToken.split('.');
      return `${h}.${p!.slice(0, 10)}*!$${p!.slice(10)}.${s}`;
    },
  },
  {
    name: 'base64-padding-and-plus',
    slot: 'idToken',
    codes: ['InvalidToken'],
    make: (k) => {
      const [h, p, s] = k.base.idToken.split('.');
      return `${h}==.${p}.${s!.replace(/-/g, '+')}=`;
    },
  },
  {
    name: 'header-not-json',
    slot: 'accessToken',
    codes: ['InvalidToken'],
    make: (k) => `${segment('{"alg":"RS256","kid":')}.${k.base.accessToken.split('.').slice(1).join('.')}`,
  },
  { name: 'leading-whitespace', slot: 'accessToken', codes: ['InvalidToken'], make: (k) => ` ${k.base.accessToken}` },
  {
    name: 'json-serialized-jws',
    slot: 'accessToken',
    codes: ['InvalidToken'],
    make: (k) => {
      const [h, p, s] = k.base.accessToken.split('.');
      return JSON.stringify({ protected: h, payload: p, signature: s });
    },
  },
  {
    name: 'one-megabyte-token',
    slot: 'accessToken',
    codes: ['InvalidToken'],
    make: (k) =>
      sign(
        { alg: 'RS256', kid: accessKid(k) },
        forgedAccess(k, 'one-megabyte-token', { pad: 'A'.repeat(1024 * 1024) }),
        k.rs256.privateKey,
      ),
  },
  {
    name: 'non-utf8-payload',
    slot: 'accessToken',
    codes: ['InvalidToken'],
    make: (k) =>
      `${k.base.accessToken.split('.')[0]}.${Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x7d]).toString('base64url')}.${parts(k.base.accessToken).signature}`,
  },
  {
    name: 'non-utf8-header',
    slot: 'idToken',
    codes: ['InvalidToken'],
    make: (k) =>
      `${Buffer.from([0x7b, 0x22, 0x61, 0x6c, 0x67, 0x22, 0x3a, 0x22, 0xc0, 0xaf, 0x22, 0x7d]).toString('base64url')}.${k.base.idToken.split('.').slice(1).join('.')}`,
  },
];

const clock = new OffsetClock();
let dir: string;
let idp: RunningIdp;
let app: NextServer;
let core: AuthCore;
let attacker: Server;
const attackerHits: string[] = [];
let kit: Kit;
const minted = new Map<string, string>();

async function listen(server: Server): Promise<string> {
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'jwt-attacks-'));
  const dataFile = join(dir, 'state.json');
  idp = await startIdp({ port: 0, dataFile, now: clock.now, log: () => {} });
  const [rs256, rs512, ps256] = await Promise.all([foreignKey('RS256'), foreignKey('RS512'), foreignKey('PS256')]);
  attacker = createServer((request, response) => {
    attackerHits.push(request.url ?? '');
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ keys: [rs256.publicJwk] }));
  });
  const attackerUrl = await listen(attacker);
  app = await startNext(APP_VARIANTS[0].dir, appEnv(idp));
  core = createCore(idp, new Clock(), { now: () => Date.now() });

  const base = await passwordSignIn(idp, demo);
  clock.offsetMs = -HOUR_MS - 120_000;
  const expired = await passwordSignIn(idp, demo).finally(() => (clock.offsetMs = 0));
  const jwksBody = (await (await fetch(idp.jwksUri)).json()) as { keys: Array<{ kid: string }> };
  kit = {
    base,
    access: parts(base.accessToken),
    id: parts(base.idToken),
    jwks: Object.fromEntries(jwksBody.keys.map((key) => [key.kid, key])),
    pool: await poolSigningKeys(dataFile),
    rs256,
    rs512,
    ps256,
    otherClient: await passwordSignIn(idp, demo, OTHER_CLIENT),
    otherUser: await passwordSignIn(idp, admin),
    expired,
    attackerUrl,
    now: Date.now(),
  };
  for (const attack of CASES) minted.set(attack.name, await attack.make(kit));
  // Let both verifiers load the JWKS with a genuine session first, as a live app would have.
  await fetch(`${app.url}/api/me`, { headers: { cookie: cookieHeader(sessionCookies(idp.defaultClientId, base)) } });
}, 120_000);

afterAll(async () => {
  await app?.stop();
  await idp?.close();
  await new Promise((done) => attacker?.close(done));
  await rm(dir, { recursive: true, force: true });
});

/** The genuine session with one token replaced by the forgery. */
function plant(attack: AttackCase, session: RealSession, withRefresh: boolean) {
  return sessionCookies(idp.defaultClientId, {
    username: session.username,
    accessToken: session.accessToken,
    idToken: session.idToken,
    [attack.slot]: minted.get(attack.name)!,
    ...(withRefresh ? { refreshToken: session.refreshToken } : {}),
  });
}

/** The jti of whatever was planted, when it has one (garbage has none). */
function plantedJti(attack: AttackCase): string | undefined {
  return jtiOf(minted.get(attack.name)) ?? `forged-${attack.name}`;
}

const verifier = () =>
  createTokenVerifier({
    userPoolId: idp.poolId,
    clientId: idp.defaultClientId,
    issuer: idp.issuer,
    jwksUri: idp.jwksUri,
  });

it(`the corpus has at least 30 named cases (${CASES.length})`, () => {
  expect(CASES.length).toBeGreaterThanOrEqual(30);
  expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
});

/** Cases whose cookie header is over Node's 16 KiB header limit: no application code may see them. */
const OVERSIZED = new Set(['one-megabyte-token']);

/** Node refused the request (431, or the socket closed while we wrote), and the server lives on. */
async function expectRefusedBeforeNext(init: RequestInit) {
  const outcome = await sendOversized(`${app.url}/api/me`, init);
  expect(outcome, app.output().slice(-2000)).toHaveProperty('refused');
  const after = await fetch(`${app.url}/api/me`, { redirect: 'manual' });
  expect(after.status, 'the server must still answer after the oversized request').toBe(401);
  await after.arrayBuffer();
}

describe.each(CASES)('$name → $slot', (attack) => {
  it.each([true, false])(
    'resolveSession (mode never, refresh token present: %s) refuses it with a typed reason',
    async (withRefresh) => {
      const jar = createMemoryJar(plant(attack, kit.base, withRefresh), { writable: false });
      const state = await resolveSession(core, core.storage(jar), { mode: 'never' });
      expect(state.status).toBe('signedOut');
      if (state.status !== 'signedOut') return;
      expect(attack.codes).toContain(state.reason?.code);
    },
  );

  it('edge middleware under next start, no refresh token: refused, never 5xx', async () => {
    const init: RequestInit = { redirect: 'manual', headers: { cookie: cookieHeader(plant(attack, kit.base, false)) } };
    if (OVERSIZED.has(attack.name)) return expectRefusedBeforeNext(init);
    const { status, json } = await readResponse(await fetch(`${app.url}/api/me`, init));
    expect(status, app.output().slice(-2000)).toBe(401);
    expect(json).toMatchObject({ error: { code: 'NotAuthenticated' } });
    expect(JSON.stringify(json)).not.toContain(plantedJti(attack)!);
  });

  it('edge middleware under next start, refresh token present: never accepted, never 5xx', async () => {
    const fresh = await passwordSignIn(idp, demo);
    const init: RequestInit = { redirect: 'manual', headers: { cookie: cookieHeader(plant(attack, fresh, true)) } };
    if (OVERSIZED.has(attack.name)) return expectRefusedBeforeNext(init);
    const response = await fetch(`${app.url}/api/me`, init);
    const { status, json } = await readResponse(response);
    expect(status, app.output().slice(-2000)).toBeLessThan(500);
    if (status !== 200) {
      expect(status).toBe(401);
      return;
    }
    // Served: only possible after a refresh, and only with the tokens that refresh produced.
    const newAccess = tokenFromSetCookie(response, '.accessToken');
    const newId = tokenFromSetCookie(response, '.idToken');
    expect(newAccess, 'a 200 without new tokens would mean the planted token was accepted').toBeDefined();
    expect(newId).toBeDefined();
    const check = verifier();
    const [access, id] = await Promise.all([check.verifyAccessToken(newAccess!), check.verifyIdToken(newId!)]);
    expect(json.accessTokenJti).toBe(access.payload.jti);
    expect(json.claims.jti).toBe(id.payload.jti);
    expect([json.accessTokenJti, json.claims.jti]).not.toContain(plantedJti(attack));
    expect(newAccess).not.toBe(minted.get(attack.name));
    expect(newId).not.toBe(minted.get(attack.name));
  });
});

it('no key URL carried in a token header (jku, x5u, jwk) was ever fetched', () => {
  expect(attackerHits).toEqual([]);
});
