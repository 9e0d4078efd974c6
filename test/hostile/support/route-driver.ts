/**
 * Drives `createAuthRouteHandlers` with plain WHATWG Requests, the way Next hands them to
 * `app/api/auth/[slug]/route.ts`, against a real local IdP.
 */
import { resolveConfig } from '../../../src/config';
import { createAuthCore, type AuthCore } from '../../../src/session/core';
import type { RunningIdp } from 'next-cognito-session-idp';
import { createAuthRouteHandlers } from '../../../src/next/route-handlers';
import { idpConfig, recordingLogger } from '../../integration/support/session-harness';
import { SESSION_PREFIX } from './hostile';

export const APP = 'http://localhost:3000';

export type Handlers = ReturnType<typeof createAuthRouteHandlers>;

export function routeCore(idp: RunningIdp): AuthCore {
  const config = resolveConfig({
    config: {
      ...idpConfig(idp),
      oauth: {
        domain: idp.url,
        redirectSignIn: `${APP}/api/auth/sign-in-callback`,
        redirectSignOut: `${APP}/`,
        scopes: ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin'],
      },
    },
    session: { idpTimeoutMs: 2000 },
  });
  return createAuthCore(config, { logger: recordingLogger() });
}

export interface Call {
  method?: 'GET' | 'POST';
  form?: Record<string, string>;
  json?: unknown;
  query?: Record<string, string>;
  /** Replaces the default same-origin `Origin` of a POST; `null` removes it. */
  origin?: string | null;
  headers?: Record<string, string>;
  cookie?: string;
}

export async function call(handlers: Handlers, slug: string, init: Call = {}): Promise<Response> {
  const method = init.method ?? (init.form || init.json !== undefined ? 'POST' : 'GET');
  const url = new URL(`${APP}/api/auth/${slug}`);
  for (const [key, value] of Object.entries(init.query ?? {})) url.searchParams.set(key, value);
  const headers = new Headers();
  const origin = init.origin === undefined ? (method === 'POST' ? APP : null) : init.origin;
  if (origin !== null) headers.set('origin', origin);
  let body: string | undefined;
  if (init.form) {
    headers.set('content-type', 'application/x-www-form-urlencoded');
    body = new URLSearchParams(init.form).toString();
  } else if (init.json !== undefined) {
    headers.set('content-type', 'application/json');
    body = JSON.stringify(init.json);
  }
  if (init.cookie) headers.set('cookie', init.cookie);
  for (const [key, value] of Object.entries(init.headers ?? {})) headers.set(key, value);
  const request = new Request(url, { method, headers, ...(body !== undefined ? { body } : {}) });
  return (method === 'GET' ? handlers.GET : handlers.POST)(request, { params: Promise.resolve({ slug }) });
}

/** Set-Cookie lines that touch session cookies (writes or deletions). */
export function sessionSetCookies(response: Response): string[] {
  return response.headers.getSetCookie().filter((line) => line.startsWith(SESSION_PREFIX));
}

export { createAuthRouteHandlers };
