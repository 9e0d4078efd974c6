/**
 * Reading POST bodies: HTML forms (urlencoded or multipart) and JSON, into one plain record that
 * a schema (src/schema.ts) then judges. The body is read with a byte cap, because these endpoints are public
 * and the largest honest body (a username, two passwords, a path) is tiny.
 */
import { check, type Output, type StandardSchemaV1 } from '../../schema.js';
import { RouteError } from './errors.js';

const MAX_BODY_BYTES = 16 * 1024;

export type BodyKind = 'form' | 'json';

/** Form posts are answered with redirects, everything else with JSON. */
export function bodyKind(request: Request): BodyKind {
  const type = mediaType(request);
  return type === 'application/x-www-form-urlencoded' || type === 'multipart/form-data' ? 'form' : 'json';
}

export async function readBody<T extends StandardSchemaV1>(request: Request, schema: T): Promise<Output<T>> {
  return parseFields(await readFields(request), schema);
}

/** Judges fields already read, for handlers that pick a schema by what the body holds. */
export function parseFields<T extends StandardSchemaV1>(fields: Record<string, unknown>, schema: T): Output<T> {
  const parsed = check(schema, fields);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const where = issue.path.length > 0 ? issue.path.join('.') : 'body';
  throw new RouteError('InvalidRequest', `${where}: ${issue.message}`);
}

export async function readFields(request: Request): Promise<Record<string, unknown>> {
  const type = mediaType(request);
  const bytes = await readCapped(request);
  if (type === 'application/x-www-form-urlencoded') {
    return Object.fromEntries(new URLSearchParams(new TextDecoder().decode(bytes)));
  }
  if (type === 'multipart/form-data') {
    const form = await new Response(bytes, { headers: { 'content-type': request.headers.get('content-type')! } })
      .formData()
      .catch(() => {
        throw new RouteError('InvalidRequest', 'body is not valid multipart/form-data');
      });
    // Files have no business here; only text fields are kept.
    return Object.fromEntries([...form].filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  }
  if (type === 'application/json' || (type === undefined && bytes.length === 0)) {
    if (bytes.length === 0) return {};
    let value: unknown;
    try {
      value = JSON.parse(new TextDecoder().decode(bytes));
    } catch {
      throw new RouteError('InvalidRequest', 'body is not valid JSON');
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new RouteError('InvalidRequest', 'body must be a JSON object');
    }
    return value as Record<string, unknown>;
  }
  throw new RouteError('InvalidRequest', 'Content-Type must be application/json or a form encoding');
}

function mediaType(request: Request): string | undefined {
  return request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase() || undefined;
}

async function readCapped(request: Request): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > MAX_BODY_BYTES) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(new ArrayBuffer(total));
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

function tooLarge(): RouteError {
  return new RouteError('InvalidRequest', `body is larger than ${MAX_BODY_BYTES} bytes`);
}
