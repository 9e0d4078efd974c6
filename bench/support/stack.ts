/**
 * The shared rig for the HTTP figures: one local IdP issuing AWS-form tokens, our fixture app
 * and Amplify's fixture app under `next start` (edge middleware.ts), on request their Next 16
 * proxy.ts twins (node), and sessions for them. Any app but ours-app may fail to build or start;
 * that is recorded, not thrown, so the other figures still come out.
 */
import { join } from 'node:path';
import { startIdp, type RunningIdp } from 'next-cognito-session-idp';
import seed from 'next-cognito-session-idp/demo-seed.json';
import { type BrowserCookies, OffsetClock, signInBrowser } from '../../test/integration/support/browser';
import { appEnv } from '../../test/integration/support/next-server';
import { buildApp, FIXTURES, startApp, type RunningApp } from './next-app';

const demo = seed.users.find((user) => user.username === 'demo@example.com')!;
const HOUR_MS = 3600_000;

export interface Stack {
  idp: RunningIdp;
  ours: RunningApp;
  /** Undefined when Amplify's app could not be built or started; see `amplifyError`. */
  amplify?: RunningApp;
  amplifyError?: string;
  /** The proxy.ts (node) apps, when `startStack({ proxy: true })`; an error when one failed. */
  proxy?: { ours: OptionalApp; amplify: OptionalApp };
  builds: string[];
  /** The env our fixture apps run with, for figures that start instances of their own (P4x). */
  oursEnv: Record<string, string>;
  signIn(): Promise<BrowserCookies>;
  /** A session whose access and ID tokens expired two minutes ago; its refresh token is live. */
  expiredSession(): Promise<BrowserCookies>;
  close(): Promise<void>;
}

export const OURS_DIR = join(FIXTURES, 'ours-app');
export const AMPLIFY_DIR = join(FIXTURES, 'amplify-app');
export const OURS_PROXY_DIR = join(FIXTURES, 'ours-proxy-app');
export const AMPLIFY_PROXY_DIR = join(FIXTURES, 'amplify-proxy-app');

/** An app a figure may do without: running, or why not. */
export type OptionalApp = { app: RunningApp; error?: undefined } | { app?: undefined; error: string };
/** P5's floor: a middleware that only calls `NextResponse.next()`; built, never started. */
export const NOOP_DIR = join(FIXTURES, 'noop-app');

function appEnvs(idp: RunningIdp): { ours: Record<string, string>; amplify: Record<string, string> } {
  const redirect = {
    BENCH_REDIRECT_FROM: `https://cognito-idp.${idp.region}.amazonaws.com`,
    BENCH_REDIRECT_TO: idp.url,
  };
  return {
    ours: { ...appEnv(idp), COGNITO_JWKS_URI: idp.jwksUri, ...redirect },
    // No userPoolEndpoint for Amplify: its production config; the preload routes AWS to the IdP.
    amplify: { ...appEnv(idp), COGNITO_ENDPOINT: '', ...redirect },
  };
}

/**
 * Builds the three apps P5 weighs without starting any (`bench/run.ts --only P5`). The IdP runs
 * only to give the builds the same env as a full run: the runner is created at module load, and
 * `next build` loads the modules to collect page data.
 */
export async function buildBundleApps(options: { rebuild: boolean }): Promise<string[]> {
  const idp = await startIdp({ port: 0, issuerMode: 'aws', log: () => {} });
  try {
    const env = appEnvs(idp);
    const builds = [`ours-app: ${await buildApp(OURS_DIR, env.ours, options.rebuild)}`];
    for (const [name, dir, appEnv] of [
      ['amplify-app', AMPLIFY_DIR, env.amplify],
      ['noop-app', NOOP_DIR, {}],
    ] as const) {
      try {
        builds.push(`${name}: ${await buildApp(dir, appEnv, options.rebuild)}`);
      } catch (error) {
        builds.push(`${name}: build failed (${String(error instanceof Error ? error.message : error).slice(0, 200)})`);
      }
    }
    return builds;
  } finally {
    await idp.close();
  }
}

export async function startStack(options: { rebuild: boolean; proxy?: boolean }): Promise<Stack> {
  const clock = new OffsetClock();
  // AWS-form issuer: Amplify's verifier accepts no other.
  const idp = await startIdp({ port: 0, issuerMode: 'aws', now: clock.now, log: () => {} });
  const { ours: oursEnv, amplify: amplifyEnv } = appEnvs(idp);

  const started: RunningApp[] = [];
  const close = async () => {
    for (const app of started) await app.stop();
    await idp.close();
  };
  try {
    const builds = [`ours-app: ${await buildApp(OURS_DIR, oursEnv, options.rebuild)}`];
    const ours = await startApp(OURS_DIR, oursEnv);
    started.push(ours);
    // Built and started one at a time: two builds at once would starve a 2-core machine.
    const optional = async (name: string, dir: string, env: Record<string, string>): Promise<OptionalApp> => {
      try {
        builds.push(`${name}: ${await buildApp(dir, env, options.rebuild)}`);
        const app = await startApp(dir, env);
        started.push(app);
        return { app };
      } catch (error) {
        return { error: String(error instanceof Error ? error.message : error).slice(0, 2000) };
      }
    };
    const amplify = await optional('amplify-app', AMPLIFY_DIR, amplifyEnv);
    const proxy = options.proxy
      ? {
          ours: await optional('ours-proxy-app', OURS_PROXY_DIR, oursEnv),
          amplify: await optional('amplify-proxy-app', AMPLIFY_PROXY_DIR, amplifyEnv),
        }
      : undefined;
    try {
      builds.push(`noop-app: ${await buildApp(NOOP_DIR, {}, options.rebuild)}`);
    } catch (error) {
      // Only P5 uses it, and P5 reports it unavailable; the HTTP figures go on.
      builds.push(`noop-app: build failed (${String(error instanceof Error ? error.message : error).slice(0, 200)})`);
    }
    return {
      idp,
      ours,
      amplify: amplify.app,
      amplifyError: amplify.error,
      proxy,
      builds,
      oursEnv,
      signIn: () => signInBrowser(idp, demo),
      async expiredSession() {
        clock.offsetMs = -HOUR_MS - 120_000;
        try {
          return await signInBrowser(idp, demo, { now: clock.now });
        } finally {
          clock.offsetMs = 0;
        }
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
