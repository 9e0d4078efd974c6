/**
 * The session as server components, route handlers and server actions see it: read from
 * `cookies()` — which carries what the middleware forwarded for this request — and verified,
 * never refreshed. A server component cannot deliver new cookies, and refreshing a rotating
 * refresh token there would drop the new one: a sign-out in disguise.
 */
import { cookies, headers } from 'next/headers';
import { createNextHeadersJar } from '../cookies/index.js';
import type { AuthCore } from '../session/core.js';
import { resolveSession } from '../session/resolve-session.js';
import type { NextServerContext } from '../session/server-context.js';
import type { SessionState } from '../session/types.js';

export async function getServerSessionState(core: AuthCore): Promise<SessionState> {
  // The raw header, not `cookies()`, is what gets read: see cookie-header.ts on duplicates.
  const [store, requestHeaders] = await Promise.all([cookies(), headers()]);
  const jar = createNextHeadersJar(store, requestHeaders, { logger: core.logger });
  return resolveSession(core, core.storage(jar), { mode: 'never' });
}

/**
 * Amplify-style `{ cookies }` contexts carry no raw Cookie header; `headers()` of the same
 * request does, wherever `cookies()` works.
 */
export function withRequestHeaders(context: NextServerContext): NextServerContext {
  if (context === null || !('cookies' in context) || context.headers) return context;
  return { ...context, headers };
}
