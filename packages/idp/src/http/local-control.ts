/**
 * `/_local/*`: the fault knobs and counters over HTTP, for tests running in another process
 * (Playwright drives the reference app while the IdP runs beside it). JSON in, JSON out.
 *
 *   GET    /_local/faults                  → { latencyMs, failures }
 *   POST   /_local/faults  { latencyMs?, failures?: { op: status }, clear? }
 *   DELETE /_local/faults                  → clears latency and failures
 *   GET    /_local/stats[?op=Name]         → { counts } or { op, count }
 *   DELETE /_local/stats                   → resets the counters
 *   POST   /_local/rotate-keys             → rotates the signing keys
 *   POST   /_local/outage  { ms }          → closes the port now, reopens it after ms
 */
import { z } from 'zod';
import type { Faults, OperationStats } from './faults.js';
import { plainJson } from './responses.js';

export interface LocalControl {
  faults: Faults;
  stats: OperationStats;
  rotateKeys(): Promise<void>;
  /** Must answer before the port closes; the caller schedules the close. */
  scheduleOutage(ms: number): void;
}

const faultsBodySchema = z.object({
  clear: z.boolean().optional(),
  latencyMs: z.number().min(0).optional(),
  failures: z.record(z.string(), z.number().int().min(400).max(599)).optional(),
});
const outageBodySchema = z.object({ ms: z.number().int().min(0).max(600_000) });

export async function handleLocalControl(request: Request, control: LocalControl): Promise<Response> {
  const { pathname, searchParams } = new URL(request.url);
  const route = `${request.method} ${pathname}`;
  try {
    switch (route) {
      case 'GET /_local/faults':
        return plainJson(control.faults.snapshot());
      case 'POST /_local/faults': {
        const body = faultsBodySchema.parse(await request.json());
        if (body.clear) control.faults.clear();
        if (body.latencyMs !== undefined) control.faults.setLatency(body.latencyMs);
        for (const [op, status] of Object.entries(body.failures ?? {})) control.faults.failOperation(op, status);
        return plainJson(control.faults.snapshot());
      }
      case 'DELETE /_local/faults':
        control.faults.clear();
        return plainJson(control.faults.snapshot());
      case 'GET /_local/stats': {
        const op = searchParams.get('op');
        return plainJson(op ? { op, count: control.stats.count(op) } : { counts: control.stats.snapshot() });
      }
      case 'DELETE /_local/stats':
        control.stats.reset();
        return plainJson({ counts: {} });
      case 'POST /_local/rotate-keys':
        await control.rotateKeys();
        return plainJson({ rotated: true });
      case 'POST /_local/outage': {
        const { ms } = outageBodySchema.parse(await request.json());
        control.scheduleOutage(ms);
        return plainJson({ outageMs: ms });
      }
      default:
        return plainJson({ error: `no local control route ${route}` }, 404);
    }
  } catch (error) {
    const message = error instanceof z.ZodError ? z.prettifyError(error) : 'request body is not valid JSON';
    return plainJson({ error: message }, 400);
  }
}
