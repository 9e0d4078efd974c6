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

export class Faults {
  private latencyMs = 0;
  private readonly failures = new Map<string, number>();

  setLatency(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('latency must be a non-negative number of ms');
    this.latencyMs = ms;
  }

  /** Answers `op` (or every operation for '*') with `status` until cleared. */
  failOperation(op: string, status = 500): void {
    if (!Number.isInteger(status) || status < 400 || status > 599) {
      throw new RangeError('a forced failure status must be 4xx or 5xx');
    }
    this.failures.set(op, status);
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
