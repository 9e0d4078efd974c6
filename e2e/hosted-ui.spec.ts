/**
 * The hosted UI round trip: app → IdP's /oauth2/authorize with PKCE (S256) → the IdP's own
 * HTML sign-in form → the app's callback exchanges the code → signed in on the app; and back out
 * through the IdP's /logout, so the hosted session ends with the app's.
 */
import { expect, sessionCookies, test } from './support/fixtures';
import { CLIENT_ID } from './support/stack';

test('hosted-ui-sign-in-round-trip-with-pkce', async ({ page, newUser, stack }) => {
  const user = await newUser();
  await page.goto('/sign-in');

  const authorizeRequest = page.waitForRequest((request) =>
    request.url().startsWith(`${stack.idp.url}/oauth2/authorize`),
  );
  await page.getByTestId('hosted-sign-in').click();
  const authorize = new URL((await authorizeRequest).url());
  expect(authorize.searchParams.get('response_type')).toBe('code');
  expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
  expect(authorize.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(authorize.searchParams.get('state')).toBeTruthy();
  expect(authorize.searchParams.get('redirect_uri')).toBe(`${stack.appUrl}/api/auth/sign-in-callback`);

  // The IdP's page, on the IdP's origin: plain field names, not the app's testids.
  await expect(page).toHaveURL((url) => url.origin === stack.idp.url);
  await page.locator('#username').fill(user.username);
  await page.locator('#password').fill(user.password);
  stack.idp.stats.reset();
  await page.getByRole('button', { name: 'Sign in' }).click();

  await page.waitForURL((url) => url.origin === stack.appUrl && url.pathname === '/dashboard');
  await expect(page.getByTestId('username')).toHaveText(user.username);
  // The callback exchanged the code (with its verifier) server-side, once.
  expect(stack.idp.stats.count('oauth2/token')).toBe(1);
  const cookies = await sessionCookies(page.context());
  expect(cookies.get('.accessToken')).toBeTruthy();
  expect(cookies.get('.refreshToken')).toBeTruthy();
});

test('hosted-ui-wrong-password-then-right-returns-to-the-page-asked-for', async ({ page, newUser, stack }) => {
  const user = await newUser({ groups: ['ADMINS'] });
  await page.goto('/admin');
  await expect(page).toHaveURL((url) => url.pathname === '/sign-in' && url.searchParams.get('returnTo') === '/admin');
  await page.getByTestId('hosted-sign-in').click();
  await expect(page).toHaveURL((url) => url.origin === stack.idp.url);
  await page.locator('#username').fill(user.username);
  await page.locator('#password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText('Incorrect username or password.');
  expect([...(await sessionCookies(page.context())).keys()]).toEqual([]);

  // Same transaction, right password: still completes, and returnTo rode along in the app's
  // transaction cookie through the IdP.
  await page.locator('#password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.origin === stack.appUrl && url.pathname === '/admin');
  await expect(page.getByTestId('admin-user')).toContainText(user.username);
});

/**
 * Clearing the app's cookies leaves the IdP's own hosted-UI session alive; without the visit to
 * its /logout, the next hosted sign-in comes straight back signed in and nobody is asked for a
 * password. Both sign-outs the reference app offers: the dashboard's button (the client helper,
 * JSON) and the header's plain form post.
 */
for (const button of ['sign-out', 'nav-sign-out']) {
  test(`hosted-ui-${button}-ends-the-hosted-session-so-the-password-is-asked-again`, async ({
    page,
    newUser,
    stack,
  }) => {
    const user = await newUser();
    await page.goto('/sign-in');
    await page.getByTestId('hosted-sign-in').click();
    await expect(page).toHaveURL((url) => url.origin === stack.idp.url);
    await page.locator('#username').fill(user.username);
    await page.locator('#password').fill(user.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.origin === stack.appUrl && url.pathname === '/dashboard');
    await expect(page.getByTestId('username')).toHaveText(user.username);

    const logoutRequest = page.waitForRequest((request) => request.url().startsWith(`${stack.idp.url}/logout`));
    await page.getByTestId(button).click();
    const logout = new URL((await logoutRequest).url());
    expect([...logout.searchParams]).toEqual([
      ['client_id', CLIENT_ID],
      ['logout_uri', `${stack.appUrl}/`],
    ]);
    // The IdP sends the browser to the app's redirectSignOut.
    await page.waitForURL(`${stack.appUrl}/`);
    expect([...(await sessionCookies(page.context())).keys()]).toEqual([]);

    await page.goto('/sign-in');
    await page.getByTestId('hosted-sign-in').click();
    await expect(page).toHaveURL((url) => url.origin === stack.idp.url && url.pathname === '/oauth2/authorize');
    await expect(page.locator('#password')).toBeVisible();
    await expect(page.locator('#password')).toHaveValue('');
    expect([...(await sessionCookies(page.context())).keys()]).toEqual([]);
  });
}
