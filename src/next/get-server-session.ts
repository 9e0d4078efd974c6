/**
 * The session as server components, route handlers and server actions see it: read from
 * `cookies()` — which carries what the middleware forwarded for this request — and verified,
 * never refreshed. A server component cannot deliver new cookies, and refreshing a rotating
 * refresh token there would drop the new one: a sign-out in disguise.
 */
import { cookies } from 'next/headers';
import { createNextHeadersJar } from '../cookies';
import type { AuthCore } from '../session/core';
import { resolveSession } from '../session/resolve-session';
import type { SessionState } from '../session/types';

export async function getServerSessionState(core: AuthCore): Promise<SessionState> {
  const jar = createNextHeadersJar(await cookies(), { logger: core.logger });
  return resolveSession(core, core.storage(jar), { mode: 'never' });
}
