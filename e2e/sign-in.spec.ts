/**
 * Signing in and out with the app's own form, as a person in a browser would.
 */
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page, TestInfo } from '@playwright/test';
import { REPO } from '../test/integration/support/next-server';
import { expect, jwtPayload, sessionCookies, signInWithForm, test } from './support/fixtures';

/**
 * Saves a full-page screenshot as a test artifact; with E2E_DOCS_SCREENSHOTS=1 it also refreshes
 * the copy under docs/screenshots/ (off by default: every run differs in jti and countdown, and
 * a plain `npm run e2e` should not leave the working tree dirty).
 */
async function screenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: 'image/png' });
  if (process.env.E2E_DOCS_SCREENSHOTS === '1') {
    const docs = join(REPO, 'docs/screenshots');
    await mkdir(docs, { recursive: true });
    await copyFile(path, join(docs, `${name}.png`));
  }
}

test('form-sign-in-shows-claims-and-survives-reload', async ({ page, newUser }, testInfo) => {
  // A `+` in the name exercises js-cookie's name encoding (it stays literal, `@` becomes %40).
  const user = await newUser({
    username: `ada.lovelace+${Date.now().toString(36)}@example.com`,
    name: 'Ada Lovelace',
    groups: ['EDITORS'],
  });
  await page.goto('/sign-in');
  await signInWithForm(page, user);
  await expect(page).toHaveURL('/dashboard');

  const cookies = await sessionCookies(page.context());
  const accessToken = cookies.get('.accessToken');
  const idToken = cookies.get('.idToken');
  expect(accessToken, `cookies: ${[...cookies.keys()].join(', ')}`).toBeTruthy();
  expect(idToken).toBeTruthy();
  const access = jwtPayload(accessToken!);
  const id = jwtPayload(idToken!);

  await expect(page.getByTestId('username')).toHaveText(user.username);
  await expect(page.getByTestId('user-id')).toHaveText(user.sub);
  await expect(page.getByTestId('groups')).toContainText('EDITORS');
  await expect(page.getByTestId('access-jti')).toHaveText(String(access.jti));
  await expect(page.getByTestId('id-jti')).toHaveText(String(id.jti));
  await expect(page.getByTestId('access-exp')).toContainText(new Date(Number(access.exp) * 1000).toISOString());
  await expect(page.getByTestId('claims-access')).toContainText(String(access.jti));
  await expect(page.getByTestId('claims-id')).toContainText(user.username);
  await expect(page.getByTestId('countdown')).toBeVisible();
  // The client component learns the session in the browser, not from the server render.
  await expect(page.getByTestId('client-user')).toContainText(user.username);
  await expect(page.getByTestId('nav-signed-in-as')).toContainText(user.username);

  await page.getByTestId('server-action').click();
  const actionResult = page.getByTestId('server-action-result');
  await expect(actionResult).toContainText(user.username);
  await expect(actionResult).toContainText(`jti=${String(access.jti)}`);
  await screenshot(page, testInfo, 'dashboard');

  await page.reload();
  await expect(page).toHaveURL('/dashboard');
  await expect(page.getByTestId('username')).toHaveText(user.username);
  // Well inside the token's life: the same session, not a refreshed one.
  await expect(page.getByTestId('access-jti')).toHaveText(String(access.jti));
});

test('signed-out-visit-to-dashboard-returns-there-after-sign-in', async ({ page, newUser }, testInfo) => {
  const user = await newUser();
  await page.goto('/dashboard');
  await expect(page).toHaveURL(
    (url) => url.pathname === '/sign-in' && url.searchParams.get('returnTo') === '/dashboard',
  );
  await expect(page.locator('input[name=username]')).toBeVisible();
  await expect(page.getByTestId('hosted-sign-in')).toBeVisible();
  await screenshot(page, testInfo, 'sign-in');

  await signInWithForm(page, user);
  await expect(page).toHaveURL('/dashboard');
  await expect(page.getByTestId('username')).toHaveText(user.username);
});

test('wrong-password-shows-an-error-and-no-session', async ({ page, newUser }) => {
  const user = await newUser();
  await page.goto('/sign-in');
  await page.locator('input[name=username]').fill(user.username);
  await page.locator('input[name=password]').fill(`${user.password}-wrong`);
  await page.getByTestId('sign-in-submit').click();
  await expect(page.getByTestId('sign-in-error')).toBeVisible();
  await expect(page).toHaveURL((url) => url.pathname === '/sign-in');
  expect([...(await sessionCookies(page.context())).keys()]).toEqual([]);

  // The form still works after a failure.
  await page.locator('input[name=username]').fill(user.username);
  await page.locator('input[name=password]').fill(user.password);
  await page.getByTestId('sign-in-submit').click();
  await expect(page).toHaveURL('/dashboard');
});

test('sign-out-lands-on-home-and-clears-the-session', async ({ page, newUser, stack }) => {
  const user = await newUser();
  await page.goto('/sign-in');
  await signInWithForm(page, user);
  await expect(page.getByTestId('username')).toHaveText(user.username);
  const refreshToken = (await sessionCookies(page.context())).get('.refreshToken');
  expect(refreshToken).toBeTruthy();

  stack.idp.stats.reset();
  await page.getByTestId('sign-out').click();
  await expect(page).toHaveURL('/');
  expect([...(await sessionCookies(page.context())).keys()]).toEqual([]);
  // Local sign-out revokes this session's refresh token, as Amplify's signOut() does.
  expect(stack.idp.stats.count('RevokeToken')).toBe(1);

  await page.goto('/dashboard');
  await expect(page).toHaveURL((url) => url.pathname === '/sign-in');
});

test('back-button-after-sign-out-does-not-show-the-dashboard', async ({ page, newUser }) => {
  const user = await newUser();
  await page.goto('/sign-in');
  await signInWithForm(page, user);
  await expect(page.getByTestId('username')).toHaveText(user.username);
  await page.getByTestId('sign-out').click();
  await expect(page).toHaveURL('/');

  // A cached or back/forward-cached copy of the dashboard would show the previous user's data.
  await page.goBack();
  await expect(page).toHaveURL((url) => url.pathname === '/sign-in');
  await expect(page.getByTestId('username')).toHaveCount(0);
  await expect(page.getByText(user.username)).toHaveCount(0);
});

/**
 * Browsers read `\` as `/` in URLs, so `/\host` is `//host`; the browser is the place to see
 * where a redirect really ends up. The network here only reaches localhost, so a page that left
 * would show up as a foreign URL, not as a loaded site.
 */
for (const hostile of [
  '//example.org/x',
  '/\\example.org/x',
  'https://example.org/x',
  '/%2F%2Fexample.org',
  'javascript:alert(1)',
]) {
  test(`hostile-return-to-stays-on-the-app ${JSON.stringify(hostile)}`, async ({ page, newUser, stack }) => {
    const user = await newUser();
    await page.goto(`/sign-in?${new URLSearchParams({ returnTo: hostile })}`);
    await signInWithForm(page, user);
    await page.waitForLoadState('domcontentloaded');
    // A page that left would be example.org's URL or Chromium's error page; `/%2F%2F…` is a
    // harmless local path (a 404 here), which is fine.
    expect(new URL(page.url()).origin).toBe(stack.appUrl);
  });
}
