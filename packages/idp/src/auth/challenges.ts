/**
 * In-flight sign-in challenges (SRP PASSWORD_VERIFIER, NEW_PASSWORD_REQUIRED). Short-lived and
 * single-use, like Cognito's 3-minute sessions; they are deliberately not persisted — a restart
 * in the middle of a sign-in just asks the user to sign in again.
 */
import { ExpiringMap } from '../lib/expiring-map.js';

export type Challenge =
  | {
      kind: 'PASSWORD_VERIFIER';
      username: string;
      clientId: string;
      srpA: string;
      serverSecret: string;
      serverPublic: string;
    }
  | { kind: 'NEW_PASSWORD_REQUIRED'; username: string; clientId: string };

type Of<K extends Challenge['kind']> = Extract<Challenge, { kind: K }>;

const LIFETIME_MS = 3 * 60_000;
/** Bounds memory if a client opens challenges and never answers them. */
const MAX_OPEN = 10_000;

export class ChallengeSessions {
  private readonly open: ExpiringMap<Challenge>;

  constructor(now: () => number) {
    this.open = new ExpiringMap({ ttlMs: LIFETIME_MS, maxEntries: MAX_OPEN, now });
  }

  /** Returns the opaque handle (base64, usable as SECRET_BLOCK or Session). */
  issue(challenge: Challenge): string {
    const handle = Buffer.from(crypto.getRandomValues(new Uint8Array(48))).toString('base64');
    this.open.set(handle, challenge);
    return handle;
  }

  /** Looks without consuming: lets an answer be validated before the session is spent. */
  peek<K extends Challenge['kind']>(handle: string, kind: K): Of<K> | undefined {
    const challenge = this.open.get(handle);
    return challenge?.kind === kind ? (challenge as Of<K>) : undefined;
  }

  /** Consumes the challenge: a wrong answer cannot be retried against the same SRP_B. */
  take<K extends Challenge['kind']>(handle: string, kind: K): Of<K> | undefined {
    const challenge = this.open.take(handle);
    return challenge?.kind === kind ? (challenge as Of<K>) : undefined;
  }
}
