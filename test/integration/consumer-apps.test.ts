/**
 * The supported range, installed the way users install it. `npm run build` packs both packages
 * and scripts/consumer-apps.mjs installs the tarballs into copies of test/fixtures/next15-app
 * (Next 15.5, edge middleware.ts) and test/fixtures/next16-app (Next 16, node proxy.ts) outside
 * this repository, checks `npm ls`, builds them and runs `tsc --noEmit` under a strict tsconfig.
 * Here each one runs as an adopter runs it: the IdP from its node_modules/.bin, the env block its
 * banner prints, the app under its own `next start`, and a browser's requests over real HTTP.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserCookies } from './support/browser';
import { freePort, REPO } from './support/next-server';

interface ConsumerApp {
  name: string;
  dir: string;
  next: string;
  buildLog: string;
}

const MANIFEST = join(REPO, '.pack/consumer-apps.json');
const apps: ConsumerApp[] = existsSync(MANIFEST) ? JSON.parse(readFileSync(MANIFEST, 'utf8')) : [];
const DEMO = { username: 'demo@example.com', password: 'Passw0rd!demo' };

/** Which middleware runtime each fixture's file convention must give. */
const EXPECTED = {
  'next15-app': { next: /^15\.5\.\d+$/, runtime: 'edge' },
  'next16-app': { next: /^16\.4\.2$/, runtime: 'nodejs' },
} as const;

it('the supported range is installed: Next 15.5 with middleware.ts and Next 16 with proxy.ts', () => {
  if (apps.length === 0)
    throw new Error(`${MANIFEST} is missing: run \`npm run build\`, which installs and builds the consumer apps`);
  expect(apps.map((app) => app.name).sort()).toEqual(Object.keys(EXPECTED));
  for (const app of apps) expect(app.next).toMatch(EXPECTED[app.name as keyof typeof EXPECTED].next);
});

describe.each(apps)('$name (next $next)', (app) => {
  const bin = join(app.dir, 'node_modules/.bin/next-cognito-idp');
  let idp: Server & { env: Record<string, string> };
  let web: Server & { url: string };
  /** The same build in server-only mode with sealed cookies: jose is gone from the edge bundle. */
  let sealed: Server & { url: string };

  beforeAll(async () => {
    idp = await startIdp(bin);
    [web, sealed] = await Promise.all([
      startApp(app.dir, idp.env),
      startApp(app.dir, {
        ...idp.env,
        AUTH_COOKIE_SECRET: 'a-cookie-secret-of-at-least-32-characters',
        AUTH_COOKIE_HTTP_ONLY: 'true',
      }),
    ]);
  }, 90_000);

  afterAll(async () => {
    await Promise.all([web?.stop(), sealed?.stop()]);
    await idp?.stop();
  });

  it('built without a warning that names our packages, jose or the app code', () => {
    const log = readFileSync(app.buildLog, 'utf8');
    expect(log).toMatch(/Compiled successfully/);
    // Next 15 flagged jose's CompressionStream in the edge bundle here, sealing on or off.
    expect(log.split('\n').filter((line) => /next-cognito-session|\bjose\b|Compiled with warnings/.test(line))).toEqual(
      [],
    );
  });

  it('runs the middleware on the runtime its file convention asks for', () => {
    const runtime = EXPECTED[app.name as keyof typeof EXPECTED].runtime;
    const edge = JSON.parse(readFileSync(join(app.dir, '.next/server/middleware-manifest.json'), 'utf8'));
    if (runtime === 'edge') {
      expect(Object.keys(edge.middleware)).toEqual(['/']);
    } else {
      expect(edge.middleware).toEqual({});
      const functions = JSON.parse(readFileSync(join(app.dir, '.next/server/functions-config-manifest.json'), 'utf8'));
      expect(functions.functions['/_middleware'].runtime).toBe('nodejs');
    }
  });

  it('the installed README links only to docs the tarball ships', () => {
    const installed = join(app.dir, 'node_modules/next-cognito-session');
    const links = [...readFileSync(join(installed, 'README.md'), 'utf8').matchAll(/\]\((docs\/[^)#]+)/g)].map(
      (match) => match[1]!,
    );
    expect(links.filter((link) => link.endsWith('.md'))).toContain('docs/design.md');
    expect(links.filter((link) => link.endsWith('.md') && !existsSync(join(installed, link)))).toEqual([]);
  });

  it('the IdP bin in node_modules/.bin names itself and documents its state file', () => {
    const help = spawnSync(bin, ['--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^usage: next-cognito-idp /);
    expect(help.stdout).toMatch(/--data FILE[\s\S]*IDP_DATA_FILE; default \.idp-data\/state\.json/);
  });

  it('signs in through the form, reaches the protected page, and sign-out ends it', async () => {
    const page = await (await fetch(`${web.url}/sign-in?returnTo=%2Fprivate`)).text();
    for (const field of ['username', 'password', 'returnTo']) expect(page).toContain(`name="${field}"`);
    const browser = await signInAndOut(web, (cookies) =>
      expect(cookies.get('.accessToken')?.split('.')).toHaveLength(3),
    );
    expect(browser.names()).toEqual([]);
  });

  it('does the same with sealed server-only cookies (AUTH_COOKIE_SECRET)', async () => {
    // A compact JWE has five parts; the middleware (edge on Next 15) opens it to verify the token.
    await signInAndOut(sealed, (cookies) => expect(cookies.get('.accessToken')?.split('.')).toHaveLength(5));
  });

  it('a wrong password comes back to the sign-in page as ?error=InvalidCredentials, shown to the user', async () => {
    const browser = new BrowserCookies();
    const signIn = await postForm(
      `${web.url}/api/auth/sign-in`,
      { ...DEMO, password: 'wrong', returnTo: '/private' },
      browser,
    );
    expect(signIn.status).toBe(303);
    const location = signIn.headers.get('location')!;
    expect(location).toBe('/sign-in?error=InvalidCredentials&returnTo=%2Fprivate');
    expect(browser.names()).toEqual([]);
    expect(await (await fetch(`${web.url}${location}`)).text()).toContain('Incorrect username or password.');
  });

  // Last, so the servers have started, signed in and out: what a new Node deprecates or flags
  // shows up here first (scripts/node-matrix.mjs runs this file on every supported Node).
  it(`the IdP bin and both next start servers print no warning on Node ${process.version}`, () => {
    for (const server of [idp, web, sealed]) expect(warnings(server.output())).toEqual([]);
  });
});

/** `(node:123) [DEP0040] DeprecationWarning: …`, the AWS SDK's `NodeVersionSupportWarning: …`, Next's `⚠ …`. */
function warnings(output: string): string[] {
  return output.split('\n').filter((line) => /\(node:\d+\)|[A-Za-z]Warning\b|^\s*⚠/.test(line));
}

interface Server {
  output(): string;
  stop(): Promise<void>;
}

/** Anonymous → 307 to sign-in; form sign-in → the page shows the user; form sign-out → 307 again. */
async function signInAndOut(
  web: Server & { url: string },
  inspect: (cookies: BrowserCookies) => void,
): Promise<BrowserCookies> {
  const anonymous = await fetch(`${web.url}/private`, { redirect: 'manual' });
  expect(anonymous.status, web.output()).toBe(307);
  expect(anonymous.headers.get('location')).toMatch(/\/sign-in\?returnTo=%2Fprivate$/);

  const browser = new BrowserCookies();
  const signIn = await postForm(`${web.url}/api/auth/sign-in`, { ...DEMO, returnTo: '/private' }, browser);
  expect(signIn.status, web.output()).toBe(303);
  expect(signIn.headers.get('location')).toBe('/private');
  inspect(browser);

  const signedIn = await fetch(`${web.url}/private`, { redirect: 'manual', headers: { cookie: browser.header() } });
  expect(signedIn.status, web.output()).toBe(200);
  expect(await signedIn.text()).toContain(`data-testid="user">${DEMO.username}<`);

  const signOut = await postForm(`${web.url}/api/auth/sign-out`, {}, browser);
  expect(signOut.status).toBe(303);
  const after = await fetch(`${web.url}/private`, { redirect: 'manual', headers: { cookie: browser.header() } });
  expect(after.status).toBe(307);
  return browser;
}

/** What a browser's form post sends: urlencoded fields, our Origin, the cookies it holds. */
async function postForm(url: string, fields: Record<string, string>, browser: BrowserCookies): Promise<Response> {
  const response = await fetch(url, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      origin: new URL(url).origin,
      cookie: browser.header(),
    },
    body: new URLSearchParams(fields),
  });
  browser.apply(response);
  return response;
}

/** The bin as an adopter runs it; the env block is read from its banner, as they would copy it. */
async function startIdp(bin: string): Promise<Server & { env: Record<string, string> }> {
  const child = spawn(bin, ['--port', '0', '--memory'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const output = collect(child);
  const names = [
    'COGNITO_USER_POOL_ID',
    'COGNITO_CLIENT_ID',
    'COGNITO_ENDPOINT',
    'COGNITO_ISSUER',
    'COGNITO_JWKS_URI',
    // The demo seed's identity pool: the apps' runners accept it whether or not they use it.
    'COGNITO_IDENTITY_POOL_ID',
    'COGNITO_IDENTITY_ENDPOINT',
  ];
  const env = await waitFor(child, output, () => {
    const block = Object.fromEntries(
      [...output().matchAll(/^(COGNITO_[A-Z_]+)=(.+)$/gm)].map((match) => [match[1]!, match[2]!]),
    );
    return names.every((name) => block[name]) ? block : undefined;
  });
  expect(Object.keys(env).sort()).toEqual([...names].sort());
  return { env, output, stop: () => stop(child) };
}

async function startApp(dir: string, env: Record<string, string>): Promise<Server & { url: string }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // Only the banner's block configures the app; none of this repository's own env leaks in.
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(COGNITO_|AUTH_|NEXT_|__NEXT|NODE_ENV$)/.test(name)),
  );
  const child = spawn(
    process.execPath,
    [join(dir, 'node_modules/next/dist/bin/next'), 'start', '-p', String(port), '-H', '127.0.0.1'],
    {
      cwd: dir,
      env: { ...base, ...env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const output = collect(child);
  await waitFor(child, output, async () => {
    try {
      await fetch(`${url}/`, { redirect: 'manual' });
      return true;
    } catch {
      return undefined;
    }
  });
  return { url, output, stop: () => stop(child) };
}

function collect(child: ChildProcess): () => string {
  let text = '';
  child.stdout?.on('data', (chunk) => (text += chunk));
  child.stderr?.on('data', (chunk) => (text += chunk));
  return () => text;
}

async function waitFor<T>(
  child: ChildProcess,
  output: () => string,
  ready: () => T | undefined | Promise<T | undefined>,
): Promise<T> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${child.spawnfile} exited (${child.exitCode}):\n${output()}`);
    const value = await ready();
    if (value !== undefined) return value;
    await new Promise((done) => setTimeout(done, 100));
  }
  await stop(child);
  throw new Error(`${child.spawnfile} was not ready within 60 s:\n${output()}`);
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGTERM');
  await exited;
}
