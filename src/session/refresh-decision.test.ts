import { describe, expect, it } from 'vitest';
import { decideRefresh } from './refresh-decision.js';

const now = 1_700_000_000_000;
const inSeconds = (s: number) => now / 1000 + s;

describe('decideRefresh', () => {
  it('is fresh when both tokens outlive the margin', () => {
    expect(decideRefresh({ accessExp: inSeconds(3600), idExp: inSeconds(3600), nowMs: now, marginSeconds: 60 })).toBe(
      'fresh',
    );
  });

  it('renews ahead of expiry when the earlier token is inside the margin', () => {
    expect(decideRefresh({ accessExp: inSeconds(3600), idExp: inSeconds(30), nowMs: now, marginSeconds: 60 })).toBe(
      'renew',
    );
  });

  it('is expired at exp exactly', () => {
    expect(decideRefresh({ accessExp: inSeconds(0), idExp: inSeconds(3600), nowMs: now, marginSeconds: 60 })).toBe(
      'expired',
    );
  });

  it('with a zero margin only refreshes expired tokens', () => {
    expect(decideRefresh({ accessExp: inSeconds(1), idExp: inSeconds(1), nowMs: now, marginSeconds: 0 })).toBe('fresh');
  });
});
