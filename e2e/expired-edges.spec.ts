/**
 * Edges around an expired access token that a person hits without trying: two tabs coming back
 * at the same moment, and signing out everywhere from a page whose token ran out meanwhile.
 */
import { expect, jwtPayload, sessionCookies, signInWithForm, test, waitPastExpiry } from './support/fixtures';

test('two-tabs-refreshing-at-once-leave-a-working-session', async ({ page, context, newUser }) => {
  const user = await newUser();
  await page.goto('/sign-in');
  await signInWithForm(page, user);
  await expect(page.getByTestId('username')).toHaveText(user.username);
  const firstAccess = (await sessionCookies(context)).get('.accessToken')!;

  const otherTab = await context.newPage();
  await page.goto('about:blank');
  await waitPastExpiry(page, firstAccess);
  // Both requests carry the same, now superseded-to-be refresh token.
  await Promise.all([page.goto('/dashboard'), otherTab.goto('/dashboard')]);
  for (const tab of [page, otherTab]) {
    await expect(tab).toHaveURL('/dashboard');
    await expect(tab.getByTestId('username')).toHaveText(user.username);
  }
  const settled = (await sessionCookies(context)).get('.accessToken')!;
  expect(jwtPayload(settled).jti).not.toBe(jwtPayload(firstAccess).jti);

  // Whichever refresh token the jar kept must still be redeemable once the reference client's
  // 10 s retry grace for the old one has passed.
  await otherTab.close();
  await page.goto('about:blank');
  await waitPastExpiry(page, settled);
  // iat is whole seconds, so the old token was superseded at most 1 s after it.
  const graceOver = (Number(jwtPayload(settled).iat) + 1 + 10) * 1000 + 500;
  await page.waitForTimeout(Math.max(0, graceOver - Date.now()));
  await page.goto('/dashboard');
  await expect(page).toHaveURL('/dashboard');
  await expect(page.getByTestId('username')).toHaveText(user.username);
});

test('sign-out-everywhere-after-the-token-expired-still-ends-other-sessions', async ({
  page,
  browser,
  baseURL,
  newUser,
  stack,
}) => {
  const user = await newUser();
  const other = await browser.newContext({ baseURL });
  try {
    const otherPage = await other.newPage();
    for (const tab of [page, otherPage]) {
      await tab.goto('/sign-in');
      await signInWithForm(tab, user);
      await expect(tab.getByTestId('username')).toHaveText(user.username);
    }
    const otherAccess = (await sessionCookies(other)).get('.accessToken')!;
    // The other device sits idle: left on the dashboard, its session polling would refresh just
    // as its token expires, which can land either side of the sign-out below.
    await otherPage.goto('about:blank');
    // Keep this dashboard's own session polling from refreshing behind our back: the click below
    // must be the first request to meet the expired token.
    await page.route('**/api/auth/session', (route) => route.abort());
    const access = (await sessionCookies(page.context())).get('.accessToken')!;
    await waitPastExpiry(page, access);

    stack.idp.stats.reset();
    await page.getByTestId('sign-out-global').click();
    await expect(page).toHaveURL('/');
    expect([...(await sessionCookies(page.context())).keys()]).toEqual([]);
    expect(stack.idp.stats.count('GlobalSignOut'), stack.appOutput()).toBe(1);

    await waitPastExpiry(otherPage, otherAccess);
    await otherPage.goto('/dashboard');
    await expect(otherPage).toHaveURL((url) => url.pathname === '/sign-in');
  } finally {
    await other.close();
  }
});

test('server-action-after-expiry-sees-the-refreshed-session', async ({ page, newUser, stack }) => {
  const user = await newUser();
  await page.goto('/sign-in');
  await signInWithForm(page, user);
  await expect(page.getByTestId('username')).toHaveText(user.username);
  // As above: the action's POST, not the page's session polling, is what meets the expired token.
  await page.route('**/api/auth/session', (route) => route.abort());
  const before = await sessionCookies(page.context());
  const oldAccess = before.get('.accessToken')!;
  await waitPastExpiry(page, oldAccess);

  stack.idp.stats.reset();
  await page.getByTestId('server-action').click();
  const result = page.getByTestId('server-action-result');
  await expect(result).toContainText(user.username);
  const after = await sessionCookies(page.context());
  const newJti = String(jwtPayload(after.get('.accessToken')!).jti);
  expect(newJti).not.toBe(String(jwtPayload(oldAccess).jti));
  // The action ran with the token the middleware refreshed for this very request, and the
  // browser received the rotated cookies from the action's response.
  await expect(result).toContainText(`jti=${newJti}`);
  expect(after.get('.refreshToken')).not.toBe(before.get('.refreshToken'));
  expect(stack.idp.stats.count('GetTokensFromRefreshToken'), stack.appOutput()).toBe(1);
});
