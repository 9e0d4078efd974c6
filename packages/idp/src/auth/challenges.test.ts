import { describe, expect, it } from 'vitest';
import { N } from 'next-cognito-session/protocol';
import { paddedHex } from 'next-cognito-session/protocol';
import { ChallengeSessions, DEFAULT_CHALLENGE_LIMITS } from './challenges.js';

/** The biggest PASSWORD_VERIFIER challenge bounded inputs allow: a 128-character name, A = N − 1. */
function largest(username: string) {
  return {
    kind: 'PASSWORD_VERIFIER' as const,
    username,
    clientId: 'c'.repeat(128),
    srpA: paddedHex(N - 1n),
    serverSecret: 'b'.repeat(256),
    serverPublic: paddedHex(N - 2n),
  };
}

describe('ChallengeSessions memory', () => {
  it('challenge-bytes-total: open challenges for ever new names never exceed the byte cap', () => {
    const sessions = new ChallengeSessions(() => 0);
    let first = '';
    for (let i = 0; i < 5_000; i++) {
      const handle = sessions.issue(largest(`${String(i).padStart(6, '0')}${'n'.repeat(122)}`));
      first ||= handle;
      expect(sessions.bytes).toBeLessThanOrEqual(DEFAULT_CHALLENGE_LIMITS.maxBytes);
    }
    expect(sessions.peek(first, 'PASSWORD_VERIFIER')).toBeUndefined();
  });

  it('challenge-bytes-per-user: one name cannot hold more than its share, nor push out another user', () => {
    const sessions = new ChallengeSessions(() => 0, { maxBytes: 1024 * 1024, maxBytesPerUser: 32 * 1024 });
    const bob = sessions.issue(largest('bob@example.com'));
    for (let i = 0; i < 500; i++) sessions.issue(largest('Mallory@example.com'));
    expect(sessions.bytesOfUser('mallory@example.com')).toBeLessThanOrEqual(32 * 1024);
    expect(sessions.peek(bob, 'PASSWORD_VERIFIER')?.username).toBe('bob@example.com');
  });

  it('gives the bytes back when a challenge is answered', () => {
    const sessions = new ChallengeSessions(() => 0);
    const handle = sessions.issue(largest('bob@example.com'));
    expect(sessions.bytes).toBeGreaterThan(4000);
    sessions.take(handle, 'PASSWORD_VERIFIER');
    expect(sessions.bytes).toBe(0);
    expect(sessions.bytesOfUser('bob@example.com')).toBe(0);
  });
});
