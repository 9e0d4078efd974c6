/**
 * AWS credentials from the identity pool, as a signed-in person sees them: the dashboard card and
 * the route handler call STS GetCallerIdentity with the user's own credentials (answered by the
 * local IdP) and show the assumed role. The credentials are cached per identity on the server;
 * a global sign-out drops them, so the next sign-in gets new ones for the same identity.
 */
import { expect, signInWithForm, test } from './support/fixtures';

const AUTHENTICATED_ROLE = 'arn:aws:sts::000000000000:assumed-role/LocalIdpAuthenticated/CognitoIdentityCredentials';

test('dashboard-shows-the-role-and-global-sign-out-drops-the-credentials', async ({ page, newUser }) => {
  const user = await newUser();
  await page.goto('/sign-in');
  await signInWithForm(page, user);
  await expect(page).toHaveURL('/dashboard');
  await expect(page.getByTestId('aws-role-arn')).toHaveText(AUTHENTICATED_ROLE);
  const identityId = await page.getByTestId('aws-identity-id').textContent();
  const firstKey = await page.getByTestId('aws-access-key-id').textContent();
  expect(identityId).toMatch(/^us-east-1:[0-9a-f-]{36}$/);
  expect(firstKey).toMatch(/^ASIA/);

  // The route handler: the same identity and role. (Its credentials may be another set: Next can
  // load the module that holds the cache once per route.)
  const answer = await page.request.get('/api/aws/caller-identity');
  expect(answer.status()).toBe(200);
  expect(await answer.json()).toMatchObject({
    arn: AUTHENTICATED_ROLE,
    account: '000000000000',
    identityId,
  });
  // The page again: served from the cache, no new credentials.
  await page.reload();
  await expect(page.getByTestId('aws-access-key-id')).toHaveText(firstKey!);

  await page.getByTestId('sign-out-global').click();
  await expect(page).toHaveURL('/');
  await page.goto('/sign-in');
  await signInWithForm(page, user);
  await expect(page).toHaveURL('/dashboard');
  await expect(page.getByTestId('aws-identity-id')).toHaveText(identityId!);
  await expect(page.getByTestId('aws-role-arn')).toHaveText(AUTHENTICATED_ROLE);
  await expect(page.getByTestId('aws-access-key-id')).not.toHaveText(firstKey!);
});
