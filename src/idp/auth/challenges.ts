/**
 * In-flight sign-in challenges (SRP PASSWORD_VERIFIER, NEW_PASSWORD_REQUIRED). Short-lived and
 * single-use, like Cognito's 3-minute sessions; they are deliberately not persisted — a restart
 * in the middle of a sign-in just asks the user to sign in again.
 */

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

const LIFETIME_MS = 3 * 60_000;
/** Bounds memory if a client opens challenges and never answers them. */
const MAX_OPEN = 10_000;

export class ChallengeSessions {
  private readonly open = new Map<string, { challenge: Challenge; expiresAt: number }>();

  constructor(private readonly now: () => number) {}

  /** Returns the opaque handle (base64, usable as SECRET_BLOCK or Session). */
  issue(challenge: Challenge): string {
    this.prune();
    const handle = Buffer.from(crypto.getRandomValues(new Uint8Array(48))).toString('base64');
    this.open.set(handle, { challenge, expiresAt: this.now() + LIFETIME_MS });
    return handle;
  }

  /** Consumes the challenge: a wrong answer cannot be retried against the same SRP_B. */
  take<K extends Challenge['kind']>(handle: string, kind: K): Extract<Challenge, { kind: K }> | undefined {
    const entry = this.open.get(handle);
    if (!entry) return undefined;
    this.open.delete(handle);
    if (entry.expiresAt <= this.now() || entry.challenge.kind !== kind) return undefined;
    return entry.challenge as Extract<Challenge, { kind: K }>;
  }

  private prune(): void {
    const now = this.now();
    for (const [handle, entry] of this.open) if (entry.expiresAt <= now) this.open.delete(handle);
    while (this.open.size >= MAX_OPEN) {
      const oldest = this.open.keys().next().value;
      if (oldest === undefined) break;
      this.open.delete(oldest);
    }
  }
}
