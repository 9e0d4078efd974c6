/**
 * An ID token too big for one cookie: the pre-token hook adds ~6 KB of claims for BIG_USER only.
 * The session must survive as chunked cookies (`.idToken.0`, `.idToken.1`, …) and be read back
 * whole on the next request.
 */
import { BIG_CLAIM, BIG_USER } from './support/stack';
import { expect, jwtPayload, sessionCookies, signInWithForm, test } from './support/fixtures';

test('oversized-id-token-is-chunked-and-the-session-holds', async ({ page, newUser }) => {
  const user = await newUser({ username: BIG_USER });
  await page.goto('/sign-in');
  await signInWithForm(page, user);
  await expect(page).toHaveURL('/dashboard');
  await expect(page.getByTestId('username')).toHaveText(user.username);

  const cookies = await sessionCookies(page.context());
  const chunks: string[] = [];
  for (let i = 0; cookies.has(`.idToken.${i}`); i++) chunks.push(cookies.get(`.idToken.${i}`)!);
  expect(chunks.length, `cookies: ${[...cookies.keys()].join(', ')}`).toBeGreaterThanOrEqual(2);
  expect(cookies.has('.idToken')).toBe(false);
  for (const chunk of chunks) expect(chunk.length).toBeLessThanOrEqual(4000);

  const idToken = chunks.join('');
  const claims = jwtPayload(idToken);
  expect(idToken.length).toBeGreaterThan(6000);
  expect(claims[BIG_CLAIM]).toHaveLength(120);
  await expect(page.getByTestId('id-jti')).toHaveText(String(claims.jti));
  await expect(page.getByTestId('claims-id')).toContainText(BIG_CLAIM);

  // Read back whole on a later request, not just on the one that wrote it.
  await page.reload();
  await expect(page.getByTestId('username')).toHaveText(user.username);
  await expect(page.getByTestId('id-jti')).toHaveText(String(claims.jti));
});
