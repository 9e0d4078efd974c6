/**
 * Test knobs on a running IdP: added latency, forced failures per operation, and call counts.
 * Operation names are X-Amz-Target operations (`GetTokensFromRefreshToken`), OAuth2 paths
 * without the leading slash (`oauth2/token`), `jwks` and `openid-configuration`, and `unknown`
 * for any X-Amz-Target the IdP does not implement; `*` fails all.
 */

export interface FaultSnapshot {
  latencyMs: number;
  failures: Record<string, number>;
}

/**
 * Every request waits this long, holding its socket: past a minute a "slow IdP" is a hung one,
 * and one knob must not be able to park the IdP for weeks.
 */
export const MAX_LATENCY_MS = 60_000;

export class Faults {
  private latencyMs = 0;
  private readonly failures = new Map<string, number>();

  /** `operations`: the names requests are counted under; a failure for any other would never fire. */
  constructor(private readonly operations: ReadonlySet<string>) {}

  setLatency(ms: number): void {
    this.configure({ latencyMs: ms });
  }

  /** Answers `op` (or every operation for '*') with `status` until cleared. */
  failOperation(op: string, status = 500): void {
    this.configure({ failures: { [op]: status } });
  }

  /** Checks the whole change first, so a refused change leaves the knobs as they were. */
  configure(change: { clear?: boolean; latencyMs?: number; failures?: Record<string, number> }): void {
    const failures = Object.entries(change.failures ?? {});
    if (change.latencyMs !== undefined) checkLatency(change.latencyMs);
    for (const [op, status] of failures) this.checkFailure(op, status);
    if (change.clear) this.clear();
    if (change.latencyMs !== undefined) this.latencyMs = change.latencyMs;
    for (const [op, status] of failures) this.failures.set(op, status);
  }

  private checkFailure(op: string, status: number): void {
    if (op !== '*' && !this.operations.has(op)) {
      throw new RangeError(
        `${JSON.stringify(op)} is not an operation name the IdP knows (see docs/idp.md, Test knobs)`,
      );
    }
    if (!Number.isInteger(status) || status < 400 || status > 599) {
      throw new RangeError('a forced failure status must be 4xx or 5xx');
    }
  }

  clear(): void {
    this.latencyMs = 0;
    this.failures.clear();
  }

  /** The forced status for `op`, if any; a specific entry wins over '*'. */
  failureFor(op: string): number | undefined {
    return this.failures.get(op) ?? this.failures.get('*');
  }

  async delay(): Promise<void> {
    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
  }

  snapshot(): FaultSnapshot {
    return { latencyMs: this.latencyMs, failures: Object.fromEntries(this.failures) };
  }
}

function checkLatency(ms: number): void {
  if (!Number.isFinite(ms) || ms < 0 || ms > MAX_LATENCY_MS) {
    throw new RangeError(`latency must be between 0 and ${MAX_LATENCY_MS} ms, not ${ms}`);
  }
}

export class OperationStats {
  private readonly counts = new Map<string, number>();

  record(op: string): void {
    this.counts.set(op, (this.counts.get(op) ?? 0) + 1);
  }

  count(op: string): number {
    return this.counts.get(op) ?? 0;
  }

  reset(): void {
    this.counts.clear();
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }
}
