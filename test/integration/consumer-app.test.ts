/**
 * The library as a user's app gets it: `npm pack`ed (only what package.json "files" ships),
 * unpacked into test/fixtures/consumer-app/node_modules by `npm run build`, compiled by Next
 * through `transpilePackages`, with no tsconfig paths pointing back at src/. Under `next start`,
 * against the real IdP, its middleware, route handlers and getServerSession must all work.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startIdp, type RunningIdp } from 'next-cognito-session-idp';
import seed from 'next-cognito-session-idp/demo-seed.json';
import { BrowserCookies } from './support/browser';
import { appEnv, REPO, startNext, type NextServer } from './support/next-server';

const CONSUMER = join(REPO, 'test/fixtures/consumer-app');
const INSTALLED = join(CONSUMER, 'node_modules/next-cognito-session');
const demo = seed.users.find((u) => u.username === 'demo@example.com')!;
const admin = seed.users.find((u) => u.username === 'admin@example.com')!;

let idp: RunningIdp;
let app: NextServer;

beforeAll(async () => {
  if (!existsSync(join(INSTALLED, 'package.json'))) {
    throw new Error(`${INSTALLED} is missing: run \`npm run build\`, which packs and installs the library there`);
  }
  idp = await startIdp({ port: 0, log: () => {} });
  app = await startNext(CONSUMER, appEnv(idp));
}, 180_000);

afterAll(async () => {
  await app?.stop();
  await idp?.close();
});

it('ships only what an app needs: sources and README, no tests', () => {
  const shipped = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? shipped(join(dir, entry.name)) : [join(dir, entry.name).slice(INSTALLED.length + 1)],
    );
  const files = shipped(INSTALLED);
  expect(files).toContain('src/index.ts');
  expect(files).toContain('src/client/index.ts');
  expect(files).toContain('README.md');
  expect(files.filter((file) => file.includes('.test.'))).toEqual([]);
  expect(files.filter((file) => !file.startsWith('src/') && !['README.md', 'package.json'].includes(file))).toEqual([]);
});

it('compiled the installed copy, not the repository sources', () => {
  const maps = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? maps(join(dir, entry.name)) : entry.name.endsWith('.js.map') ? [join(dir, entry.name)] : [],
    );
  const sources = maps(join(CONSUMER, '.next/server')).flatMap((file) => JSON.parse(readFileSync(file, 'utf8')).sources ?? []);
  expect(sources.some((source: string) => source.includes('node_modules/next-cognito-session/src/next/middleware.ts'))).toBe(true);
  expect(sources.some((source: string) => /(^|\/)src\/next\/middleware\.ts$/.test(source) && !source.includes('node_modules'))).toBe(false);
});

it('protects a page, signs in through the route handler, and the page reads the session', async () => {
  const anonymous = await fetch(`${app.url}/private`, { redirect: 'manual' });
  expect(anonymous.status, app.output().slice(-2000)).toBe(307);
  expect(new URL(anonymous.headers.get('location')!, app.url).searchParams.get('returnTo')).toBe('/private');

  const browser = new BrowserCookies();
  const signIn = await fetch(`${app.url}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: app.url },
    body: JSON.stringify({ username: demo.username, password: demo.password }),
  });
  expect(signIn.status, app.output().slice(-2000)).toBe(200);
  browser.apply(signIn);

  const page = await fetch(`${app.url}/private`, { redirect: 'manual', headers: { cookie: browser.header() } });
  expect(page.status).toBe(200);
  expect(await page.text()).toContain(`data-testid="user">${demo.username}<`);
});

async function signIn(user: { username: string; password: string }): Promise<BrowserCookies> {
  const browser = new BrowserCookies();
  const response = await fetch(`${app.url}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: app.url },
    body: JSON.stringify({ username: user.username, password: user.password }),
  });
  expect(response.status, app.output().slice(-2000)).toBe(200);
  browser.apply(response);
  return browser;
}

it('require-session-alone: a page guarded only by requireSession redirects, refuses and serves as the middleware would', async () => {
  const team = (browser?: BrowserCookies) =>
    fetch(`${app.url}/team`, { redirect: 'manual', headers: browser ? { cookie: browser.header() } : {} });

  const anonymous = await team();
  expect(anonymous.status, app.output().slice(-2000)).toBe(307);
  const location = new URL(anonymous.headers.get('location')!, app.url);
  expect(`${location.pathname}?${location.searchParams}`).toBe('/?returnTo=%2Fteam');

  const notAnAdmin = await team(await signIn(demo));
  expect(notAnAdmin.status).toBe(404);
  expect(await notAnAdmin.text()).not.toContain('data-testid="team"');

  const member = await team(await signIn(admin));
  expect(member.status).toBe(200);
  expect(await member.text()).toContain(`data-testid="team">${admin.username}<`);
});
