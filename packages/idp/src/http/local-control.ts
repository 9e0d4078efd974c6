/**
 * `/_local/*`: the fault knobs and counters over HTTP, for tests running in another process
 * (Playwright drives the reference app while the IdP runs beside it). JSON in, JSON out, and
 * for programs only: a request from a web page of another origin is refused, and every
 * POST/DELETE must say `Content-Type: application/json` — a cross-site form cannot send that,
 * and a page's fetch that does needs a preflight this path never grants.
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
import { foreignPageReason } from './browser-callers.js';
import type { Faults, OperationStats } from './faults.js';
import { plainJson } from './responses.js';

export interface LocalControl {
  faults: Faults;
  stats: OperationStats;
  rotateKeys(): Promise<void>;
  /** Must answer before the port closes; the caller schedules the close. */
  scheduleOutage(ms: number): void;
}

/** An outage longer than a minute is a dead IdP, not a test of one. */
const MAX_OUTAGE_MS = 60_000;

// Strict: a misspelt knob (`latency`) is an error, not a silent no-op. Bounds and operation
// names are Faults' own rules (the in-process knobs obey them too), checked there.
const faultsBodySchema = z.strictObject({
  clear: z.boolean().optional(),
  latencyMs: z.number().optional(),
  failures: z.record(z.string(), z.number()).optional(),
});
const outageBodySchema = z.strictObject({ ms: z.number().int().min(0).max(MAX_OUTAGE_MS) });

/** Only these methods read no body and change nothing. */
const SAFE_METHODS = new Set(['GET', 'HEAD']);

export async function handleLocalControl(
  request: Request,
  control: LocalControl,
  ownOrigin: string,
): Promise<Response> {
  const { pathname, searchParams } = new URL(request.url);
  const route = `${request.method} ${pathname}`;
  const page = foreignPageReason(request, ownOrigin);
  if (page !== undefined) return plainJson({ error: `/_local is for test programs, and ${page}` }, 403);
  if (!SAFE_METHODS.has(request.method) && !isJson(request)) {
    return plainJson({ error: `${request.method} /_local needs Content-Type: application/json` }, 415);
  }
  try {
    switch (route) {
      case 'GET /_local/faults':
        return plainJson(control.faults.snapshot());
      case 'POST /_local/faults': {
        control.faults.configure(faultsBodySchema.parse(await request.json()));
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
    if (error instanceof z.ZodError) return plainJson({ error: z.prettifyError(error) }, 400);
    if (error instanceof RangeError) return plainJson({ error: error.message }, 400);
    if (error instanceof SyntaxError) return plainJson({ error: 'request body is not valid JSON' }, 400);
    throw error;
  }
}

function isJson(request: Request): boolean {
  const essence = request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase();
  return essence === 'application/json';
}
