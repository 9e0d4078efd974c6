/**
 * When to refresh: pure arithmetic over the tokens' `exp` and the server's clock.
 *
 * `fresh`   — both tokens outlive the margin: serve them, no network I/O.
 * `renew`   — still valid, but one expires within the margin: refresh ahead; if the IdP is down,
 *             the still-valid tokens are served (an outage must not cost a signed-in request).
 * `expired` — one token is past `exp`: refresh or treat this request as signed out.
 *
 * Amplify's `clockDrift` cookie is deliberately not used: the browser measured it as IdP time
 * minus BROWSER time. Applied to the server's clock it makes a browser set an hour behind look
 * like an hour of drift here, and every request would refresh (and rotate) fresh tokens. The
 * server's own skew against Cognito is covered by the verifier's grace and the margin.
 */

export type RefreshDecision = 'fresh' | 'renew' | 'expired';

export interface RefreshDecisionInput {
  /** `exp` of the access token, seconds since epoch. */
  accessExp: number;
  /** `exp` of the ID token, seconds since epoch. */
  idExp: number;
  /** Server clock, ms since epoch. */
  nowMs: number;
  marginSeconds: number;
}

export function decideRefresh(input: RefreshDecisionInput): RefreshDecision {
  const nowSeconds = input.nowMs / 1000;
  const firstExp = Math.min(input.accessExp, input.idExp);
  if (firstExp <= nowSeconds) return 'expired';
  if (firstExp - nowSeconds <= input.marginSeconds) return 'renew';
  return 'fresh';
}
