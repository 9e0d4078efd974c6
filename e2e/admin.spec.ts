/**
 * Group-gated pages: the middleware answers a signed-in user outside ADMINS with 403, and lets
 * an ADMINS member through to the page.
 */
import { expect, signInWithForm, test } from './support/fixtures';

test('admin-page-forbids-non-admins-and-admits-admins', async ({ browser, newUser, baseURL }) => {
  const member = await newUser();
  const admin = await newUser({ groups: ['ADMINS'] });

  const memberContext = await browser.newContext({ baseURL });
  const adminContext = await browser.newContext({ baseURL });
  try {
    const memberPage = await memberContext.newPage();
    await memberPage.goto('/sign-in');
    await signInWithForm(memberPage, member);
    await expect(memberPage.getByTestId('username')).toHaveText(member.username);
    const refused = await memberPage.goto('/admin');
    expect(refused?.status()).toBe(403);
    await expect(memberPage.getByTestId('admin-user')).toHaveCount(0);
    // Forbidden is not signed out: the session is still there.
    await memberPage.goto('/dashboard');
    await expect(memberPage.getByTestId('username')).toHaveText(member.username);

    const adminPage = await adminContext.newPage();
    await adminPage.goto('/sign-in');
    await signInWithForm(adminPage, admin);
    await expect(adminPage.getByTestId('groups')).toContainText('ADMINS');
    const allowed = await adminPage.goto('/admin');
    expect(allowed?.status()).toBe(200);
    await expect(adminPage.getByTestId('admin-user')).toContainText(admin.username);
  } finally {
    await memberContext.close();
    await adminContext.close();
  }
});
