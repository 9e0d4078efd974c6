/**
 * "Retry once" for a refresh token that another instance already rotated.
 *
 * Behind a load balancer, instance A may rotate the session's refresh token while a request that
 * still carries the old one reaches instance B after the IdP's grace period: B gets
 * RefreshTokenReuse. The newer token exists — in A's response, which the browser has applied or
 * is about to — so sending the visitor to sign-in would be wrong. Instead a page navigation
 * (GET/HEAD) is redirected once to the same URL: the browser repeats it with the cookies it holds
 * now. A short-lived marker cookie makes it once: if the retried request still carries a spent
 * token, the session really is gone (e.g. the rotating response never reached the browser) and
 * the usual sign-in redirect follows. API calls are answered as they are; fetch() would follow a
 * redirect without the page knowing, and retrying is the caller's choice.
 *
 * In one process this never happens: the refresher remembers rotated tokens and hands late
 * requests the newer tokens (src/session/refresh.ts).
 */
import { NextResponse, type NextRequest } from 'next/server';
import { resolveCookieAttributes, type MemoryJar } from '../cookies/index.js';
import type { ResolvedConfig } from '../config.js';
import type { SessionState } from '../session/types.js';

export const REUSE_RETRY_COOKIE = 'ncs-reuse-retry';

/** Long enough for one redirect round trip, short enough to never shadow a later rotation. */
const MARKER_MAX_AGE_SECONDS = 10;

/**
 * The redirect that retries this request once, or undefined to carry on. Either way it clears a
 * marker the request brought, through `jar`, so it never outlives its one retry.
 */
export function retryAfterReuse(
  config: ResolvedConfig,
  request: NextRequest,
  jar: MemoryJar,
  state: SessionState,
  isApi: boolean,
): Response | undefined {
  const retried = request.cookies.has(REUSE_RETRY_COOKIE);
  const reused = state.status === 'signedOut' && state.reason?.code === 'RefreshTokenReuse';
  if (!retried && !reused) return undefined; // every ordinary request: nothing to do

  const marker = (value: string, maxAge: number) => ({
    name: REUSE_RETRY_COOKIE,
    value,
    options: { ...resolveCookieAttributes(config.cookies, request), httpOnly: true, maxAge },
  });
  if (retried) {
    jar.setAll([marker('', 0)]);
    return undefined;
  }
  const navigation = request.method === 'GET' || request.method === 'HEAD';
  if (!navigation || isApi) return undefined;
  jar.setAll([marker('1', MARKER_MAX_AGE_SECONDS)]);
  return NextResponse.redirect(request.nextUrl, 307);
}
