/**
 * The session as server components, route handlers and server actions see it: read from
 * `cookies()` — which carries what the middleware forwarded for this request — and verified,
 * never refreshed. A server component cannot deliver new cookies, and refreshing a rotating
 * refresh token there would drop the new one: a sign-out in disguise.
 */
import { cookies } from 'next/headers.js';
import { createNextHeadersJar } from '../cookies/index.js';
import type { AuthCore } from '../session/core.js';
import { resolveSession } from '../session/resolve-session.js';
import type { SessionState } from '../session/types.js';

export async function getServerSessionState(core: AuthCore): Promise<SessionState> {
  const jar = createNextHeadersJar(await cookies(), { logger: core.logger });
  return resolveSession(core, core.storage(jar), { mode: 'never' });
}
