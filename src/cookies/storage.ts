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
 */

import { deletionAttributes, resolveCookieAttributes, type CookieWriteOptions } from './attributes.js';
import { assertWithinBudget } from './budget.js';
import { combineChunks, planChunkedWrite } from './chunks.js';
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
   * `getItem` would decode every cookie name of the request again.
   */
  readItems(keys: readonly string[]): Promise<Array<string | null>>;
}

interface Snapshot {
  /** Storage key → decoded value (first cookie of a name wins, as in the browser). */
  values: Map<string, string>;
  /** Storage key → wire names spelling it. */
  wire: Map<string, string[]>;
}

function snapshot(jar: CookieJar): Snapshot {
  const values = new Map<string, string>();
  const wire = new Map<string, string[]>();
  for (const { name, value } of jar.getAll()) {
    const key = decodeCookieName(name);
    if (key === null) continue;
    if (!values.has(key)) values.set(key, value);
    wire.set(key, [...(wire.get(key) ?? []), name]);
  }
  return { values, wire };
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
      entries.map(async ([key, value]) =>
        [key, value !== null && sealer ? await sealer.seal(key, value) : value] as const,
      ),
    );
    const { values: working, wire } = snapshot(jar);
    // Keyed by wire name: a later op on the same cookie replaces an earlier one.
    const ops = new Map<string, JarWrite>();
    const remove = (key: string) => {
      // A request can carry names no Set-Cookie can express (`a. .b`); serializing them throws, so skip.
      for (const name of wire.get(key) ?? []) if (SETTABLE_NAME.test(name)) ops.set(name, { name, value: '', options: removal });
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
    const writes = [...ops.values()];
    assertWithinBudget({ writes, resulting }, limits);
    jar.setAll(writes);
  }

  function readItems(keys: readonly string[]): Promise<Array<string | null>> {
    const { values } = snapshot(jar);
    return Promise.all(
      keys.map(async (key) => {
        const { value } = combineChunks(key, values);
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
