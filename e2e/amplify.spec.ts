/**
 * The real aws-amplify v6 client in the browser and the app's server share one session through
 * cookies, in both directions. Amplify runs unpatched on the app's origin (support/amplify-page.ts).
 */
import { amplifyBundle, openAmplifyPage, type AmplifyWindow } from './support/amplify-page';
import { CLIENT_ID } from './support/stack';
import { expect, jwtPayload, sessionCookies, signInWithForm, test } from './support/fixtures';

test('amplify-browser-sign-in-is-seen-by-the-server', async ({ page, newUser, stack }) => {
  const user = await newUser();
  const { idp } = stack;
  await openAmplifyPage(page, stack.appUrl, {
    userPoolId: idp.poolId,
    userPoolClientId: CLIENT_ID,
    userPoolEndpoint: idp.url,
  });

  stack.idp.stats.reset();
  const result = await page.evaluate(
    ([username, password]) => (window as unknown as AmplifyWindow).amplify.signIn(username!, password!),
    [user.username, user.password],
  );
  expect(result).toEqual({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });
  // Amplify's default flow is SRP, straight from the browser to the IdP (cross-origin, CORS).
  expect(idp.stats.count('InitiateAuth')).toBe(1);
  expect(idp.stats.count('RespondToAuthChallenge')).toBe(1);

  const cookies = await sessionCookies(page.context());
  const accessToken = cookies.get('.accessToken');
  expect(accessToken, `cookies: ${[...cookies.keys()].join(', ')}`).toBeTruthy();

  await page.goto('/dashboard');
  await expect(page).toHaveURL('/dashboard');
  await expect(page.getByTestId('username')).toHaveText(user.username);
  await expect(page.getByTestId('user-id')).toHaveText(user.sub);
  await expect(page.getByTestId('access-jti')).toHaveText(String(jwtPayload(accessToken!).jti));
});

test('form-sign-in-is-seen-by-amplify-in-the-browser', async ({ page, newUser, stack }) => {
  const user = await newUser();
  const { idp } = stack;
  // Bundle first: Amplify refreshes a token within 5 s of expiry, and the token lives 10 s.
  await amplifyBundle();
  await page.goto('/sign-in');
  await signInWithForm(page, user);
  await expect(page.getByTestId('username')).toHaveText(user.username);
  const accessToken = (await sessionCookies(page.context())).get('.accessToken')!;
  const idToken = (await sessionCookies(page.context())).get('.idToken')!;

  stack.idp.stats.reset();
  await openAmplifyPage(page, stack.appUrl, {
    userPoolId: idp.poolId,
    userPoolClientId: CLIENT_ID,
    userPoolEndpoint: idp.url,
  });
  const session = await page.evaluate(() => (window as unknown as AmplifyWindow).amplify.fetchAuthSession());
  const current = await page.evaluate(() => (window as unknown as AmplifyWindow).amplify.getCurrentUser());

  // Amplify refreshes tokens within 5 s of expiry; had it done so here, the equality below
  // would compare a token with itself, so prove it only read the cookies.
  expect(idp.stats.count('GetTokensFromRefreshToken')).toBe(0);
  expect(session?.accessToken).toBe(accessToken);
  expect(session?.idToken).toBe(idToken);
  expect(current).toEqual({ username: user.username, userId: user.sub });
});

test('amplify-refresh-and-sign-out-in-the-browser-are-adopted-by-the-server', async ({ page, newUser, stack }) => {
  const user = await newUser();
  const { idp } = stack;
  await page.goto('/sign-in');
  await signInWithForm(page, user);
  await expect(page.getByTestId('username')).toHaveText(user.username);
  const before = await sessionCookies(page.context());

  await openAmplifyPage(page, stack.appUrl, {
    userPoolId: idp.poolId,
    userPoolClientId: CLIENT_ID,
    userPoolEndpoint: idp.url,
  });
  stack.idp.stats.reset();
  const refreshed = await page.evaluate(() => (window as unknown as AmplifyWindow).amplify.fetchAuthSession(true));
  expect(idp.stats.count('GetTokensFromRefreshToken')).toBe(1);
  expect(refreshed?.accessToken).not.toBe(before.get('.accessToken'));
  const written = await sessionCookies(page.context());
  expect(written.get('.accessToken')).toBe(refreshed?.accessToken);
  expect(written.get('.refreshToken')).not.toBe(before.get('.refreshToken'));

  // The server takes Amplify's rotated session as it is: same jti, no refresh of its own.
  await page.goto('/dashboard');
  await expect(page.getByTestId('access-jti')).toHaveText(String(jwtPayload(refreshed!.accessToken).jti));
  expect(idp.stats.count('GetTokensFromRefreshToken')).toBe(1);

  await openAmplifyPage(page, stack.appUrl, {
    userPoolId: idp.poolId,
    userPoolClientId: CLIENT_ID,
    userPoolEndpoint: idp.url,
  });
  await page.evaluate(() => (window as unknown as AmplifyWindow).amplify.signOut());
  expect([...(await sessionCookies(page.context())).keys()]).toEqual([]);
  await page.goto('/dashboard');
  await expect(page).toHaveURL((url) => url.pathname === '/sign-in');
});
