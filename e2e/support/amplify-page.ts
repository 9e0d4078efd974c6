/**
 * The unpatched aws-amplify v6 client running in the page, on the app's own origin, without
 * changing the app: esbuild bundles a small entry at test time, and `page.route` serves it as
 * `/__amplify` (HTML) and `/__amplify.js` (the bundle). Requests for those paths never reach
 * `next start`; every other request does, so Amplify's cookies and the app's are one cookie jar.
 *
 * `Amplify.configure(config, { ssr: true })` is what a Next.js app's client code does: tokens go
 * to cookies through Amplify's own CookieStorage (js-cookie), not localStorage.
 */
import { build } from 'esbuild';
import type { Page } from '@playwright/test';
import { REPO } from '../../test/integration/support/next-server';

const ENTRY = `
import { Amplify } from 'aws-amplify';
import { fetchAuthSession, getCurrentUser, signIn, signOut } from 'aws-amplify/auth';

const config = JSON.parse(document.getElementById('amplify-config').textContent);
Amplify.configure({ Auth: { Cognito: config } }, { ssr: true });

window.amplify = {
  async signIn(username, password) {
    return signIn({ username, password });
  },
  async fetchAuthSession(forceRefresh = false) {
    const { tokens } = await fetchAuthSession({ forceRefresh });
    return tokens
      ? { accessToken: tokens.accessToken.toString(), idToken: tokens.idToken?.toString() ?? null }
      : null;
  },
  async getCurrentUser() {
    const { username, userId } = await getCurrentUser();
    return { username, userId };
  },
  async signOut(global = false) {
    await signOut({ global });
  },
};
document.body.dataset.amplify = 'ready';
`;

/** What the page exposes on `window.amplify` (results are plain data, so they cross `evaluate`). */
export interface AmplifyWindow {
  amplify: {
    signIn(username: string, password: string): Promise<{ isSignedIn: boolean; nextStep: { signInStep: string } }>;
    fetchAuthSession(forceRefresh?: boolean): Promise<{ accessToken: string; idToken: string | null } | null>;
    getCurrentUser(): Promise<{ username: string; userId: string }>;
    signOut(global?: boolean): Promise<void>;
  };
}

export interface AmplifyConfig {
  userPoolId: string;
  userPoolClientId: string;
  userPoolEndpoint: string;
}

let bundled: Promise<string> | undefined;

/** Bundled once per worker; a few seconds of esbuild, not worth caching across runs. */
export function amplifyBundle(): Promise<string> {
  bundled ??= build({
    stdin: { contents: ENTRY, resolveDir: REPO, loader: 'js', sourcefile: 'amplify-entry.js' },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'chrome120',
    write: false,
    minify: true,
    logLevel: 'silent',
  }).then((result) => result.outputFiles[0]!.text);
  return bundled;
}

/** Opens `/__amplify` on the app's origin with Amplify configured and ready on `window.amplify`. */
export async function openAmplifyPage(page: Page, appUrl: string, config: AmplifyConfig): Promise<void> {
  const script = await amplifyBundle();
  // JSON inside <script type=application/json> only needs `<` escaped to stay inert.
  const configJson = JSON.stringify(config).replaceAll('<', '\\u003c');
  // Chromium's Local Network Access places a document by the address it was loaded from. One
  // fulfilled by page.route has none, so it counts as public and its calls to the IdP on
  // 127.0.0.1 are refused. A page really served by `next start` on loopback would not be asked;
  // granting the permission stands in for that, and changes nothing else.
  await page.context().grantPermissions(['local-network-access']);
  await page.route(`${appUrl}/__amplify`, (route) =>
    route.fulfill({
      contentType: 'text/html; charset=utf-8',
      body: `<!doctype html><html><head><title>Amplify</title>
<script type="application/json" id="amplify-config">${configJson}</script>
<script type="module" src="/__amplify.js"></script></head><body></body></html>`,
    }),
  );
  await page.route(`${appUrl}/__amplify.js`, (route) =>
    route.fulfill({ contentType: 'text/javascript; charset=utf-8', body: script }),
  );
  await page.goto('/__amplify');
  await page.locator('body[data-amplify=ready]').waitFor({ state: 'attached' });
}
