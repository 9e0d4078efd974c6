/**
 * When to refresh: pure arithmetic over the tokens' `exp`, the clock and the drift Amplify records.
 *
 * `fresh`   — both tokens outlive the margin: serve them, no network I/O.
 * `renew`   — still valid, but one expires within the margin: refresh ahead; if the IdP is down,
 *             the still-valid tokens are served (an outage must not cost a signed-in request).
 * `expired` — one token is past `exp` (after drift): refresh or treat this request as signed out.
 */

export type RefreshDecision = 'fresh' | 'renew' | 'expired';

export interface RefreshDecisionInput {
  /** `exp` of the access token, seconds since epoch. */
  accessExp: number;
  /** `exp` of the ID token, seconds since epoch. */
  idExp: number;
  /** Local clock, ms since epoch. */
  nowMs: number;
  marginSeconds: number;
  /**
   * Amplify's `clockDrift` cookie: IdP time minus local time in ms, recorded at sign-in. Adding
   * it maps local time onto the IdP's clock, so a skewed server does not refresh late.
   */
  clockDriftMs?: number;
}

export function decideRefresh(input: RefreshDecisionInput): RefreshDecision {
  const idpNowSeconds = (input.nowMs + (input.clockDriftMs ?? 0)) / 1000;
  const firstExp = Math.min(input.accessExp, input.idExp);
  if (firstExp <= idpNowSeconds) return 'expired';
  if (firstExp - idpNowSeconds <= input.marginSeconds) return 'renew';
  return 'fresh';
}

/** Reads Amplify's clockDrift cookie value; anything unparseable counts as no drift. */
export function parseClockDrift(value: string | undefined | null): number {
  if (!value) return 0;
  const drift = Number(value);
  // A drift of more than a day is a broken cookie, not a clock: ignore it rather than
  // refresh on every request or never.
  return Number.isFinite(drift) && Math.abs(drift) < 86_400_000 ? drift : 0;
}
