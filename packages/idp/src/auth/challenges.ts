/**
 * In-flight sign-in challenges (SRP PASSWORD_VERIFIER, NEW_PASSWORD_REQUIRED). Short-lived and
 * single-use, like Cognito's 3-minute sessions; they are deliberately not persisted — a restart
 * in the middle of a sign-in just asks the user to sign in again.
 *
 * Memory is bounded by bytes, not by count: a challenge holds what the client sent (SRP_A, the
 * username), so the operations bound those first (ops/parameters.ts) and this store caps the
 * total and each user's share. A flood of challenges for one name evicts that name's oldest
 * ones; a flood across names evicts the oldest overall. Either way nothing grows past the cap.
 */
import { ExpiringMap } from '../lib/expiring-map.js';
import { userKey } from '../store/state.js';

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

export interface ChallengeLimits {
  /** All open challenges together. */
  maxBytes: number;
  /** Open challenges of one username (or, for a decoy, one typed name). */
  maxBytesPerUser: number;
}

/**
 * A bounded PASSWORD_VERIFIER challenge weighs ~4.5 KB: 8 MB holds ~1,800 sign-ins in flight,
 * 64 KB lets one user have ~14 open at once (several tabs, retries), far above any real client.
 */
export const DEFAULT_CHALLENGE_LIMITS: ChallengeLimits = { maxBytes: 8 * 1024 * 1024, maxBytesPerUser: 64 * 1024 };

const LIFETIME_MS = 3 * 60_000;
/** The count bound stays as a second line; the byte budget is the one that bites. */
const MAX_OPEN = 10_000;
/** Map entry, object and handle overhead per challenge, on top of its strings. */
const ENTRY_OVERHEAD_BYTES = 256;

/** Strings cost up to two bytes per UTF-16 unit in V8; count them all at that. */
function bytesOf(handle: string, challenge: Challenge): number {
  let units = handle.length;
  for (const value of Object.values(challenge)) units += value.length;
  return ENTRY_OVERHEAD_BYTES + 2 * units;
}

export class ChallengeSessions {
  private readonly open: ExpiringMap<Challenge>;

  constructor(now: () => number, limits: ChallengeLimits = DEFAULT_CHALLENGE_LIMITS) {
    this.open = new ExpiringMap({
      ttlMs: LIFETIME_MS,
      maxEntries: MAX_OPEN,
      now,
      budget: {
        bytesOf,
        maxBytes: limits.maxBytes,
        partitionOf: (challenge) => userKey(challenge.username),
        maxBytesPerPartition: limits.maxBytesPerUser,
      },
    });
  }

  /** Accounted bytes of every open challenge. */
  get bytes(): number {
    return this.open.bytes;
  }

  /** Accounted bytes of one user's open challenges. */
  bytesOfUser(username: string): number {
    return this.open.partitionBytes(userKey(username));
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
