import { describe, expect, it } from 'vitest';
import { CookieCorrupt } from '../errors.js';
import { chunkValue, combineChunks, planChunkedWrite } from './chunks.js';
import { wireBytes } from './names.js';

const KEY = 'CognitoIdentityServiceProvider.c.u.idToken';
const toMap = (pairs: Array<{ name: string; value: string }>) => new Map(pairs.map((p) => [p.name, p.value] as const));

describe('chunkValue / combineChunks', () => {
  it('keeps values up to the limit in one unsuffixed cookie, byte-identical', () => {
    const value = 'a'.repeat(3500);
    expect(chunkValue(KEY, value, 3500)).toEqual([{ name: KEY, value }]);
  });

  it('round-trips a 10 KB value through chunks that each fit', () => {
    const value = 'eyJ'.padEnd(10 * 1024, 'x.y_z-');
    const pieces = chunkValue(KEY, value, 3500);
    expect(pieces.map((p) => p.name)).toEqual([`${KEY}.0`, `${KEY}.1`, `${KEY}.2`]);
    for (const piece of pieces) expect(wireBytes(piece.value)).toBeLessThanOrEqual(3500);
    expect(combineChunks(KEY, toMap(pieces))).toEqual({ value, leftovers: [] });
  });

  it('never splits a multi-byte character or its escapes', () => {
    const value = 'é日😀'.repeat(700);
    const pieces = chunkValue(KEY, value, 500);
    expect(pieces.length).toBeGreaterThan(5);
    for (const piece of pieces) {
      expect(() => encodeURIComponent(piece.value)).not.toThrow(); // no lone surrogate
      expect(wireBytes(piece.value)).toBeLessThanOrEqual(500);
    }
    expect(combineChunks(KEY, toMap(pieces)).value).toBe(value);
  });

  it('rejects a gap', () => {
    const pieces = chunkValue(KEY, 'x'.repeat(2000), 500);
    const map = toMap(pieces);
    map.delete(`${KEY}.1`);
    expect(() => combineChunks(KEY, map)).toThrow(CookieCorrupt);
  });

  it('rejects chunks from two writes of the same length', () => {
    const older = toMap(chunkValue(KEY, 'a'.repeat(2000), 500));
    const newer = toMap(chunkValue(KEY, 'b'.repeat(2000), 500));
    older.set(`${KEY}.2`, newer.get(`${KEY}.2`)!);
    expect(() => combineChunks(KEY, older)).toThrow(/different writes/);
  });

  it('rejects a chunk beyond the count and chunks without a header', () => {
    const map = toMap(chunkValue(KEY, 'x'.repeat(900), 500));
    map.set(`${KEY}.5`, 'stale');
    expect(() => combineChunks(KEY, map)).toThrow(/beyond its count/);
    expect(() => combineChunks(KEY, new Map([[`${KEY}.0`, 'no header']]))).toThrow(CookieCorrupt);
    expect(() => combineChunks(KEY, new Map([[`${KEY}.1`, 'orphan']]))).toThrow(CookieCorrupt);
  });

  it('prefers the plain cookie over chunks, reporting the chunks as leftovers', () => {
    const map = toMap(chunkValue(KEY, 'x'.repeat(900), 500));
    map.set(KEY, 'written-by-amplify');
    expect(combineChunks(KEY, map)).toEqual({
      value: 'written-by-amplify',
      leftovers: [`${KEY}.0`, `${KEY}.1`],
    });
  });

  it('ignores other cookies that merely share the prefix', () => {
    const map = new Map([
      [KEY, 'v'],
      [`${KEY}.0x`, 'n'],
      [`${KEY}Extra.0`, 'n'],
    ]);
    expect(combineChunks(KEY, map)).toEqual({ value: 'v', leftovers: [] });
  });
});

describe('planChunkedWrite', () => {
  it('clears leftover chunks of a longer value', () => {
    const present = [`${KEY}.0`, `${KEY}.1`, `${KEY}.2`, 'other'];
    const plan = planChunkedWrite(KEY, 'x'.repeat(900), present, 500);
    expect(plan.set.map((p) => p.name)).toEqual([`${KEY}.0`, `${KEY}.1`]);
    expect(plan.remove).toEqual([`${KEY}.2`]);
  });

  it('clears chunks when the value fits one cookie, and the plain cookie when it does not', () => {
    expect(planChunkedWrite(KEY, 'short', [`${KEY}.0`, `${KEY}.1`], 500).remove).toEqual([`${KEY}.0`, `${KEY}.1`]);
    expect(planChunkedWrite(KEY, 'x'.repeat(900), [KEY], 500).remove).toEqual([KEY]);
  });

  it('removes every form on delete', () => {
    expect(planChunkedWrite(KEY, null, [KEY, `${KEY}.0`], 500)).toEqual({
      set: [],
      remove: [KEY, `${KEY}.0`],
    });
  });
});
