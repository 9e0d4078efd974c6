/**
 * Server-side cookie storage implementing Amplify's `KeyValueStorageInterface`, so Amplify's own
 * token store can run on it, with chunking, optional sealing, attributes and the size budget.
 *
 * @example
 *   const storage = createCookieStorage(createNextHeadersJar(await cookies()), {
 *     attributes: resolveCookieAttributes(options.cookies, request),
 *     sealer: options.cookies.encryptionSecret ? createCookieSealer(options.cookies.encryptionSecret) : undefined,
 *   });
 *   await storage.getItem('CognitoIdentityServiceProvider.abc.LastAuthUser');
 *
 * Keys are Amplify storage keys (names.ts); they become cookie names through js-cookie's name
 * encoding. Reads match on the DECODED name, so cookies whose names were encoded slightly
 * differently (adapter-nextjs leaves `(` `)` unescaped) are still found, and replaced by the
 * canonical spelling on the next write.
 *
 * A key that more than one cookie spells — the same name twice (a sibling subdomain's copy on
 * the parent domain, a `Path=` variant) or two spellings of it — has no value this storage will
 * pick: reading it, or any of its chunks, throws CookieCorrupt naming the cookie. Which copy the
 * browser lists first depends on Path length and creation time, and parsers disagree on whether
 * first or last wins (cookie-header.ts); a session must not hang on that.
 *
 * Deletions expire every copy this host can name: with `domain` configured, the host-only cookie
 * as well as the `Domain=` one (a Set-Cookie only replaces a cookie of the same name, Domain and
 * Path, RFC 6265 §5.3 step 11). A copy on another Path or a sibling's own domain stays out of
 * reach: its attributes are never sent to the server.
 */

import { CookieCorrupt } from '../errors.js';
import { deletionAttributes, isDeletion, resolveCookieAttributes, type CookieWriteOptions } from './attributes.js';
import { assertWithinBudget } from './budget.js';
import { chunkIndex, combineChunks, planChunkedWrite } from './chunks.js';
import type { CookieJar, JarLogger, JarWrite } from './jar.js';
import { decodeCookieName, encodeCookieName, isAmplifyKey } from './names.js';
import { resolveCookieLimits, type CookieLimits } from './options.js';
import type { CookieSealer } from './seal.js';

/** Amplify's `KeyValueStorageInterface` (@aws-amplify/core), restated to avoid the dependency. */
export interface KeyValueStorage {
  setItem(key: string, value: string): Promise<void>;
  getItem(key: string): Promise<string | null>;
  removeItem(key: string): Promise<void>;
  clear(): Promise<void>;
}

export interface CookieStorageOptions {
  /** Resolved per request (`resolveCookieAttributes`); defaults to that of an http request. */
  attributes?: Readonly<CookieWriteOptions>;
  sealer?: CookieSealer;
  limits?: Partial<CookieLimits>;
  logger?: JarLogger;
}

export interface CookieStorage extends KeyValueStorage {
  readonly jar: CookieJar;
  /** Amplify keys present in the jar (chunks folded into their key). */
  keys(): string[];
  /**
   * Sets (string) or removes (null) several keys as one write: one budget check for all of
   * them, then one `setAll`, so a session is never half-written because it was too large.
   */
  writeItems(entries: ReadonlyArray<readonly [key: string, value: string | null]>): Promise<void>;
  /**
   * Gets several keys from one snapshot of the jar: reading a session takes six keys, and each
   * `getItem` would decode every cookie name of the request again. Rejects with CookieCorrupt
   * for a key that arrived more than once (and so does `getItem`).
   */
  readItems(keys: readonly string[]): Promise<Array<string | null>>;
}

interface Snapshot {
  /** Storage key → decoded value (the first copy; never read when `copies` lists the key). */
  values: Map<string, string>;
  /** Storage key → wire names spelling it, each once. */
  wire: Map<string, string[]>;
  /** Storage keys that arrived more than once → how many times. */
  copies: Map<string, number>;
}

function snapshot(jar: CookieJar): Snapshot {
  const values = new Map<string, string>();
  const wire = new Map<string, string[]>();
  const copies = new Map<string, number>();
  for (const { name, value } of jar.getAll()) {
    const key = decodeCookieName(name);
    if (key === null) continue;
    if (!values.has(key)) {
      values.set(key, value);
      wire.set(key, [name]);
      continue;
    }
    copies.set(key, (copies.get(key) ?? 1) + 1);
    const names = wire.get(key)!;
    if (!names.includes(name)) names.push(name);
  }
  return { values, wire, copies };
}

/** @throws CookieCorrupt when `key`, or a chunk of it, arrived more than once. */
function assertSingleCopy(key: string, { wire, copies }: Snapshot): void {
  for (const [copied, count] of copies) {
    if (copied !== key && chunkIndex(key, copied) === null) continue;
    throw new CookieCorrupt(
      `cookie ${wire.get(copied)!.join(' / ')} arrived ${count} times in the Cookie header (copies with ` +
        'another Domain or Path, e.g. set by a sibling subdomain); refusing to choose one',
    );
  }
}

/**
 * With `domain` configured, each deletion is preceded by one of the host-only cookie, so a copy
 * written before `domain` was set (or planted without it) goes too. The configured one comes
 * last: Next's cookie stores keep one Set-Cookie per name, and that one matches our own writes.
 */
function expireEveryVariant(writes: JarWrite[], removal: CookieWriteOptions): JarWrite[] {
  if (removal.domain === undefined) return writes;
  const { domain: _domain, ...hostOnly } = removal;
  return writes.flatMap((write) => (isDeletion(write.options) ? [{ ...write, options: hostOnly }, write] : [write]));
}

const CHUNK_SUFFIX = /\.(0|[1-9]\d{0,2})$/;
/** What the `cookie` package accepts as a Set-Cookie name: printable ASCII except `;` and `=`. */
const SETTABLE_NAME = /^[\u0021-\u003A\u003C\u003E-\u007E]+$/;

export function createCookieStorage(jar: CookieJar, options: CookieStorageOptions = {}): CookieStorage {
  const attributes = options.attributes ?? resolveCookieAttributes();
  const removal = deletionAttributes(attributes);
  const limits = resolveCookieLimits(options.limits);
  const { sealer } = options;
  const logger: JarLogger = options.logger ?? { debug() {} };

  async function writeItems(entries: ReadonlyArray<readonly [string, string | null]>): Promise<void> {
    const sealed = await Promise.all(
      entries.map(
        async ([key, value]) => [key, value !== null && sealer ? await sealer.seal(key, value) : value] as const,
      ),
    );
    const { values: working, wire } = snapshot(jar);
    // Keyed by wire name: a later op on the same cookie replaces an earlier one.
    const ops = new Map<string, JarWrite>();
    const remove = (key: string) => {
      // A request can carry names no Set-Cookie can express (`a. .b`); serializing them throws, so skip.
      for (const name of wire.get(key) ?? [])
        if (SETTABLE_NAME.test(name)) ops.set(name, { name, value: '', options: removal });
      working.delete(key);
      wire.delete(key);
    };
    for (const [key, value] of sealed) {
      const plan = planChunkedWrite(key, value, [...working.keys()], limits.maxChunkBytes);
      plan.remove.forEach(remove);
      for (const pair of plan.set) {
        const name = encodeCookieName(pair.name);
        remove(pair.name);
        ops.set(name, { name, value: pair.value, options: attributes });
        working.set(pair.name, pair.value);
        wire.set(pair.name, [name]);
      }
    }
    if (ops.size === 0) return;
    if (!jar.writable) {
      logger.debug(`skipped writing ${ops.size} cookie(s): the jar is read-only`);
      return;
    }
    const resulting = [...working]
      .filter(([key]) => isAmplifyKey(key))
      .map(([key, value]) => ({ name: wire.get(key)?.[0] ?? encodeCookieName(key), value }));
    const writes = expireEveryVariant([...ops.values()], removal);
    assertWithinBudget({ writes, resulting }, limits);
    jar.setAll(writes);
  }

  function readItems(keys: readonly string[]): Promise<Array<string | null>> {
    const current = snapshot(jar);
    return Promise.all(
      keys.map(async (key) => {
        assertSingleCopy(key, current);
        const { value } = combineChunks(key, current.values);
        // An empty value is what a deletion leaves behind in some request maps; never ours.
        if (value === null || value === '') return null;
        return sealer ? sealer.open(key, value) : value;
      }),
    );
  }

  function keys(): string[] {
    const found = new Set<string>();
    for (const key of snapshot(jar).values.keys()) {
      if (isAmplifyKey(key)) found.add(key.replace(CHUNK_SUFFIX, ''));
    }
    return [...found];
  }

  return {
    jar,
    keys,
    writeItems,
    getItem: async (key) => (await readItems([key]))[0] ?? null,
    readItems,
    setItem: (key, value) => writeItems([[key, value]]),
    removeItem: (key) => writeItems([[key, null]]),
    clear: () => writeItems(keys().map((key) => [key, null] as const)),
  };
}
