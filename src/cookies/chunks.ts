/**
 * Pure chunk algebra: split one logical cookie value over `<key>.0`, `<key>.1`, … and join it
 * back, refusing anything that was not written in one piece.
 *
 * @example
 *   const pieces = chunkValue(key, tenKilobyteToken, 3500); // [{ name: `${key}.0`, … }, …]
 *   combineChunks(key, new Map(pieces.map((p) => [p.name, p.value]))).value === tenKilobyteToken;
 *
 * Format. A value whose wire size fits `maxChunkBytes` is stored under `key` unchanged, so small
 * values stay byte-identical to what Amplify writes. Larger values are split at code-point
 * boundaries (so neither a multi-byte character nor its `%XX` escapes are cut: every piece is
 * encoded on its own) and chunk 0 starts with a header `<count>~<hash>~`:
 * - `count` exposes gaps and leftovers from an earlier, longer value;
 * - `hash` (FNV-1a of the whole value) exposes chunks from two different writes with the same
 *   count — a dropped Set-Cookie or two responses racing. It costs 12 bytes once instead of a
 *   tag in every chunk, and a content hash makes rewriting the same value a no-op diff.
 * `~` and hex digits are unreserved in `encodeURIComponent`, so the header never grows on the
 * wire. The hash detects accidents, not forgery: sealing (seal.ts) is what authenticates.
 *
 * Works on storage keys (decoded cookie names); a chunk's key is `<key>.<index>`.
 */

import { CookieCorrupt } from '../errors.js';
import { wireBytes } from './names.js';

export interface CookiePair {
  name: string;
  value: string;
}

/** Header room kept free in chunk 0: up to 3 digits of count, two `~`, 8 hex digits. */
const HEADER_RESERVE = 13;
const HEADER = /^(\d{1,3})~([0-9a-f]{8})~/;
const MAX_CHUNKS = 999;

export function chunkName(key: string, index: number): string {
  return `${key}.${index}`;
}

/** Index of `name` as a chunk of `key`, or null when it is not one. */
export function chunkIndex(key: string, name: string): number | null {
  if (!name.startsWith(`${key}.`)) return null;
  const suffix = name.slice(key.length + 1);
  return /^(0|[1-9]\d{0,2})$/.test(suffix) ? Number(suffix) : null;
}

/** FNV-1a (32 bit) over UTF-16 code units, as 8 hex digits. */
export function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}

export function chunkValue(key: string, value: string, maxChunkBytes: number): CookiePair[] {
  if (wireBytes(value) <= maxChunkBytes) return [{ name: key, value }];
  if (maxChunkBytes <= HEADER_RESERVE + 12) {
    throw new RangeError(`maxChunkBytes ${maxChunkBytes} is too small to chunk`);
  }
  const pieces: string[] = [];
  let current = '';
  let currentBytes = 0;
  let capacity = maxChunkBytes - HEADER_RESERVE;
  // Iterating the string yields whole code points, so surrogate pairs stay together.
  for (const char of value) {
    const bytes = wireBytes(char);
    if (currentBytes + bytes > capacity) {
      pieces.push(current);
      current = '';
      currentBytes = 0;
      capacity = maxChunkBytes;
    }
    current += char;
    currentBytes += bytes;
  }
  pieces.push(current);
  if (pieces.length > MAX_CHUNKS) {
    throw new RangeError(`value of ${key} needs ${pieces.length} chunks (max ${MAX_CHUNKS})`);
  }
  const header = `${pieces.length}~${fnv1a(value)}~`;
  return pieces.map((piece, index) => ({
    name: chunkName(key, index),
    value: index === 0 ? header + piece : piece,
  }));
}

export interface Combined {
  /** The logical value, or null when neither form is present. */
  value: string | null;
  /** Names present for `key` that are not part of `value` and should be deleted. */
  leftovers: string[];
}

/**
 * Reads `key` from `cookies` (storage key → decoded value).
 *
 * When both the plain cookie and chunks exist, the plain one wins: this library always deletes
 * one form when writing the other, so both can only coexist after a writer that knows nothing of
 * chunks — Amplify's browser `CookieStorage` — wrote the plain name, making it the newer value.
 *
 * @throws CookieCorrupt for a gap, a missing or malformed header, a chunk beyond the count, or a
 *   hash mismatch (chunks from different writes). Never returns part of a value.
 */
export function combineChunks(key: string, cookies: ReadonlyMap<string, string>): Combined {
  const chunks = new Map<number, string>();
  for (const [name, value] of cookies) {
    const index = chunkIndex(key, name);
    if (index !== null) chunks.set(index, value);
  }
  const plain = cookies.get(key);
  if (plain !== undefined) {
    return { value: plain, leftovers: [...chunks.keys()].map((i) => chunkName(key, i)) };
  }
  if (chunks.size === 0) return { value: null, leftovers: [] };

  const first = chunks.get(0);
  const header = first === undefined ? null : HEADER.exec(first);
  if (first === undefined || header === null) {
    throw new CookieCorrupt(`cookie ${key} has chunks but no valid chunk 0`);
  }
  const count = Number(header[1]);
  const pieces = [first.slice(header[0].length)];
  for (let i = 1; i < count; i++) {
    const piece = chunks.get(i);
    if (piece === undefined) throw new CookieCorrupt(`cookie ${key} is missing chunk ${i} of ${count}`);
    pieces.push(piece);
  }
  const extra = [...chunks.keys()].filter((i) => i >= count);
  if (extra.length > 0) {
    throw new CookieCorrupt(`cookie ${key} has chunk ${extra[0]} beyond its count of ${count}`);
  }
  const value = pieces.join('');
  if (fnv1a(value) !== header[2]) {
    throw new CookieCorrupt(`chunks of cookie ${key} come from different writes`);
  }
  return { value, leftovers: [] };
}

export interface ChunkPlan {
  set: CookiePair[];
  /** Names (plain or chunk) of `key` that exist now and must be deleted. */
  remove: string[];
}

/**
 * What to write for `key` = `value` (null: delete), given the names present now. Clears the
 * plain name when writing chunks, leftover chunks of a longer earlier value, and vice versa.
 */
export function planChunkedWrite(
  key: string,
  value: string | null,
  present: Iterable<string>,
  maxChunkBytes: number,
): ChunkPlan {
  const set = value === null ? [] : chunkValue(key, value, maxChunkBytes);
  const keep = new Set(set.map((pair) => pair.name));
  const remove: string[] = [];
  for (const name of present) {
    if ((name === key || chunkIndex(key, name) !== null) && !keep.has(name)) remove.push(name);
  }
  return { set, remove };
}
