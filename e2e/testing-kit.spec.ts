/**
 * The test kit as an app's Playwright suite uses it: a user created in the in-process IdP,
 * signed in with `signInForTest`, and a browser context that starts from its `storageState` —
 * signed in on the first page, no form driven.
 */
import { signInForTest } from 'next-cognito-session/testing';
import { expect, test } from './support/fixtures';

test('storage-state-starts-signed-in: a context from signInForTest opens group-gated pages as the user', async ({
  browser,
  newUser,
  stack,
}) => {
  const user = await newUser({ groups: ['ADMINS'] });
  const session = await signInForTest({
    config: stack.idp.runnerConfig(),
    username: user.username,
    password: user.password,
    appUrl: stack.appUrl,
  });

  const context = await browser.newContext({ baseURL: stack.appUrl, storageState: session.storageState() });
  try {
    const page = await context.newPage();
    const admin = await page.goto('/admin');
    expect(admin?.status()).toBe(200);
    await expect(page.getByTestId('admin-user')).toContainText(user.username);
    await page.goto('/dashboard');
    await expect(page.getByTestId('username')).toHaveText(user.username);
    await expect(page.getByTestId('groups')).toContainText('ADMINS');
  } finally {
    await context.close();
  }
});
