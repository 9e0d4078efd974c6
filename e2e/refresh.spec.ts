/**
 * Sessions outliving their access token: the silent refresh with rotation, and a global sign-out
 * reaching another browser when that browser next needs a refresh. These journeys sleep once
 * each, on purpose: they wait out a real 10 s access token.
 */
import { expect, jwtPayload, sessionCookies, signInWithForm, test, waitPastExpiry } from './support/fixtures';

test('expired-access-token-refreshes-silently-with-rotated-cookies', async ({ page, newUser, stack }) => {
  const user = await newUser();
  await page.goto('/sign-in');
  await signInWithForm(page, user);
  await expect(page).toHaveURL('/dashboard');

  const before = await sessionCookies(page.context());
  const oldAccess = before.get('.accessToken')!;
  const oldRefresh = before.get('.refreshToken')!;
  expect(oldRefresh).toBeTruthy();
  const oldJti = String(jwtPayload(oldAccess).jti);
  await expect(page.getByTestId('access-jti')).toHaveText(oldJti);

  // Away from the app while the token runs out (a closed laptop): no client-side session
  // polling, so the refresh below is the navigation's own, done by the middleware.
  await page.goto('about:blank');
  stack.idp.stats.reset();
  await waitPastExpiry(page, oldAccess);
  expect(stack.idp.stats.count('GetTokensFromRefreshToken')).toBe(0);
  await page.goto('/dashboard');
  await expect(page).toHaveURL('/dashboard');
  await expect(page.getByTestId('username')).toHaveText(user.username);

  const after = await sessionCookies(page.context());
  const newAccess = after.get('.accessToken')!;
  const newJti = String(jwtPayload(newAccess).jti);
  expect(newJti).not.toBe(oldJti);
  // The page of the refreshing request already renders with the new token.
  await expect(page.getByTestId('access-jti')).toHaveText(newJti);
  expect(jwtPayload(newAccess).exp).toBeGreaterThan(Date.now() / 1000);
  // The reference client rotates refresh tokens: the browser must hold the new one.
  expect(after.get('.refreshToken')).toBeTruthy();
  expect(after.get('.refreshToken')).not.toBe(oldRefresh);
  expect(jwtPayload(newAccess).origin_jti).toBe(jwtPayload(oldAccess).origin_jti);
  expect(stack.idp.stats.count('GetTokensFromRefreshToken'), stack.appOutput()).toBe(1);

  // Settled: the next page load uses the new cookies as they are, no second refresh.
  await page.reload();
  await expect(page.getByTestId('access-jti')).toHaveText(newJti);
  expect(stack.idp.stats.count('GetTokensFromRefreshToken')).toBe(1);
});

test('open-dashboard-keeps-its-session-alive-in-the-background', async ({ page, newUser }) => {
  const user = await newUser();
  await page.goto('/sign-in');
  await signInWithForm(page, user);
  await expect(page).toHaveURL('/dashboard');
  const before = await sessionCookies(page.context());
  const oldAccess = before.get('.accessToken')!;
  const oldJti = String(jwtPayload(oldAccess).jti);
  await expect(page.getByTestId('client-user')).toHaveText(user.username);

  // The page stays open: useSession() asks /api/auth/session again before expiry, and that
  // answer carries the refreshed, rotated cookies without any navigation.
  await waitPastExpiry(page, oldAccess);
  await expect
    .poll(async () => (await sessionCookies(page.context())).get('.refreshToken'), { timeout: 15_000 })
    .not.toBe(before.get('.refreshToken'));
  await expect(page.getByTestId('countdown')).not.toContainText('expired');
  await expect(page.getByTestId('client-user')).toHaveText(user.username);

  const newAccess = (await sessionCookies(page.context())).get('.accessToken')!;
  const newJti = String(jwtPayload(newAccess).jti);
  expect(newJti).not.toBe(oldJti);
  await page.reload();
  await expect(page).toHaveURL('/dashboard');
  await expect(page.getByTestId('access-jti')).toHaveText(newJti);
});

test('global-sign-out-ends-the-other-browser-at-its-next-refresh', async ({ browser, newUser, baseURL }) => {
  const user = await newUser();
  const laptop = await browser.newContext({ baseURL });
  const phone = await browser.newContext({ baseURL });
  try {
    const laptopPage = await laptop.newPage();
    const phonePage = await phone.newPage();
    for (const page of [laptopPage, phonePage]) {
      await page.goto('/sign-in');
      await signInWithForm(page, user);
      await expect(page.getByTestId('username')).toHaveText(user.username);
    }
    const phoneAccess = (await sessionCookies(phone)).get('.accessToken')!;
    const laptopSession = (await sessionCookies(laptop)).get('.refreshToken');
    const phoneSession = (await sessionCookies(phone)).get('.refreshToken');
    expect(laptopSession).toBeTruthy();
    expect(phoneSession).not.toBe(laptopSession);

    await laptopPage.getByTestId('sign-out-global').click();
    await expect(laptopPage).toHaveURL('/');
    expect([...(await sessionCookies(laptop)).keys()]).toEqual([]);

    await waitPastExpiry(phonePage, phoneAccess);
    await phonePage.goto('/dashboard');
    await expect(phonePage).toHaveURL(
      (url) => url.pathname === '/sign-in' && url.searchParams.get('returnTo') === '/dashboard',
    );
    // A revoked refresh token is a sign-out, not an outage: the dead cookies are gone.
    expect([...(await sessionCookies(phone)).keys()]).toEqual([]);
  } finally {
    await laptop.close();
    await phone.close();
  }
});
