/**
 * What happens around the session rather than in it: an IdP outage while a token needs
 * refreshing, a second person signing in on the same browser, and an account that must choose
 * a new password first.
 */
import { expect, jwtPayload, sessionCookies, signInWithForm, test, waitPastExpiry } from './support/fixtures';

test('idp-outage-during-refresh-keeps-the-session-for-later', async ({ page, newUser, stack }) => {
  const user = await newUser();
  await page.goto('/sign-in');
  await signInWithForm(page, user);
  await expect(page.getByTestId('username')).toHaveText(user.username);
  const before = await sessionCookies(page.context());
  await page.goto('about:blank');
  await waitPastExpiry(page, before.get('.accessToken')!);

  stack.idp.faults.failOperation('GetTokensFromRefreshToken', 500);
  try {
    await page.goto('/dashboard');
    await expect(page).toHaveURL(
      (url) => url.pathname === '/sign-in' && url.searchParams.get('error') === 'IdpUnavailable',
    );
    await expect(page.getByTestId('sign-in-error')).toContainText('unavailable');
    // An outage is not a sign-out: the refresh token is still in the browser.
    expect((await sessionCookies(page.context())).get('.refreshToken')).toBe(before.get('.refreshToken'));
  } finally {
    stack.idp.faults.clear();
  }

  await page.goto('/dashboard');
  await expect(page).toHaveURL('/dashboard');
  await expect(page.getByTestId('username')).toHaveText(user.username);
  const after = (await sessionCookies(page.context())).get('.accessToken')!;
  await expect(page.getByTestId('access-jti')).toHaveText(String(jwtPayload(after).jti));
});

test('second-user-on-the-same-browser-then-sign-out-leaves-nobody-signed-in', async ({ page, newUser }) => {
  const first = await newUser();
  const second = await newUser();
  await page.goto('/sign-in');
  await signInWithForm(page, first);
  await expect(page.getByTestId('username')).toHaveText(first.username);

  await page.goto('/sign-in');
  await signInWithForm(page, second);
  await expect(page.getByTestId('username')).toHaveText(second.username);
  await expect(page.getByTestId('nav-signed-in-as')).toHaveText(second.username);
  // Signing in as someone else replaces the first person's cookies rather than keeping both.
  const firstName = encodeURIComponent(first.username);
  const stale = (await page.context().cookies()).filter((cookie) => cookie.name.includes(firstName));
  expect(stale.map((cookie) => cookie.name)).toEqual([]);

  await page.getByTestId('sign-out').click();
  await expect(page).toHaveURL('/');
  await page.goto('/dashboard');
  await expect(page).toHaveURL((url) => url.pathname === '/sign-in');

  // Nothing of either session may stay behind in a shared browser.
  const leftovers = (await page.context().cookies()).filter((cookie) =>
    cookie.name.includes('CognitoIdentityServiceProvider'),
  );
  expect(leftovers.map((cookie) => cookie.name)).toEqual([]);
});

test('new-password-required-then-signed-in', async ({ page, stack }) => {
  const username = `e2e-newpw-${Date.now().toString(36)}@example.com`;
  await stack.idp.admin.createUser({
    username,
    password: 'Temp0rary!pass',
    attributes: { email: username, email_verified: 'true' },
    status: 'FORCE_CHANGE_PASSWORD',
  });
  await page.goto('/sign-in');
  await page.locator('input[name=username]').fill(username);
  await page.locator('input[name=password]').fill('Temp0rary!pass');
  await page.getByTestId('sign-in-submit').click();
  await expect(page).toHaveURL(
    (url) => url.pathname === '/sign-in' && url.searchParams.get('error') === 'NewPasswordRequired',
  );
  expect([...(await sessionCookies(page.context())).keys()]).toEqual([]);

  await page.locator('input[name=newPassword]').fill('Chosen!passw0rd');
  await page.getByTestId('new-password-submit').click();
  await expect(page).toHaveURL('/dashboard');
  await expect(page.getByTestId('username')).toHaveText(username);

  // The new password is the password now.
  await page.getByTestId('sign-out').click();
  await expect(page).toHaveURL('/');
  await page.goto('/sign-in');
  await signInWithForm(page, { username, password: 'Chosen!passw0rd' });
  await expect(page).toHaveURL('/dashboard');
});
