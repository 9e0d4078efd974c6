/**
 * What the browser talks to: the local IdP, in this process so tests can seed users and read its
 * counters, and `next start` of the reference app pointed at it.
 *
 * The app is bound to 127.0.0.1 but the browser uses `http://localhost:<port>`: the hosted UI
 * redirects to the exact callback URL the client registered, and the session cookies must be
 * set on the same host the pages are read from.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startIdp, type PreTokenHook, type RunningIdp } from 'next-cognito-session-idp';
import { appEnv, freePort, REPO } from '../../test/integration/support/next-server';
import { DIST_DIR, ensureE2eBuild } from './build';

const NEXT_BIN = join(REPO, 'node_modules/next/dist/bin/next');

/**
 * Long enough for a sign-in, a page load and Amplify's own 5 s expiry tolerance to fit inside one
 * token's life; short enough that waiting one out costs a few seconds.
 */
export const ACCESS_TOKEN_SECONDS = 10;
/** The app refreshes when a token has this little left; well under ACCESS_TOKEN_SECONDS. */
export const REFRESH_MARGIN_SECONDS = 2;

/** Only this user's ID tokens get the oversized claims, so everyone else's stay small. */
export const BIG_USER = 'big@example.com';
/** A claim name to find on the dashboard; its values make the ID token ~6 KB larger. */
export const BIG_CLAIM = 'entitlements';

/** The seed's first client is the pool's default and the one the reference app uses. */
const seed = JSON.parse(readFileSync(join(REPO, 'packages/idp/src/demo-seed.json'), 'utf8')) as {
  clients: { clientId: string }[];
};
export const CLIENT_ID = seed.clients[0]!.clientId;

const bigClaims: PreTokenHook = (event) => {
  if (event.userName !== BIG_USER) return event;
  const entitlements = Array.from(
    { length: 120 },
    (_, i) => `entitlement-${String(i).padStart(3, '0')}-${'x'.repeat(32)}`,
  );
  event.response.claimsAndScopeOverrideDetails = {
    idTokenGeneration: { claimsToAddOrOverride: { [BIG_CLAIM]: entitlements } },
  };
  return event;
};

export interface Stack {
  idp: RunningIdp;
  /** `http://localhost:<port>`: what the browser uses. */
  appUrl: string;
  /** Everything `next start` printed, for failure messages. */
  appOutput(): string;
  stop(): Promise<void>;
}

export async function startStack(): Promise<Stack> {
  const appPort = await freePort();
  const appUrl = `http://localhost:${appPort}`;
  const callback = `${appUrl}/api/auth/sign-in-callback`;
  const idp = await startIdp({
    port: 0,
    clients: [
      {
        clientId: CLIENT_ID,
        callbackUrls: [callback],
        logoutUrls: [`${appUrl}/`],
        accessTokenValiditySeconds: ACCESS_TOKEN_SECONDS,
      },
    ],
    preTokenGeneration: bigClaims,
    log: () => {},
  });
  const env = appEnv(idp, {
    COGNITO_REDIRECT_SIGN_IN: callback,
    COGNITO_REDIRECT_SIGN_OUT: `${appUrl}/`,
    AUTH_REFRESH_MARGIN_SECONDS: String(REFRESH_MARGIN_SECONDS),
  });
  try {
    await ensureE2eBuild(env);
  } catch (error) {
    await idp.close();
    throw error;
  }

  const child = spawn(process.execPath, [NEXT_BIN, 'start', REPO, '-p', String(appPort), '-H', '127.0.0.1'], {
    cwd: REPO,
    env: { ...process.env, ...env, NEXT_DIST_DIR: DIST_DIR, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await exited;
    }
    await idp.close();
  };

  try {
    await waitUntilServing(
      `http://127.0.0.1:${appPort}/`,
      () => child.exitCode,
      () => output,
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { idp, appUrl, appOutput: () => output, stop };
}

async function waitUntilServing(url: string, exitCode: () => number | null, output: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (exitCode() !== null) throw new Error(`next start exited (${exitCode()}):\n${output()}`);
    try {
      await fetch(url, { redirect: 'manual' });
      return;
    } catch {
      await new Promise((done) => setTimeout(done, 100));
    }
  }
  throw new Error(`next start did not answer within 30 s:\n${output()}`);
}
