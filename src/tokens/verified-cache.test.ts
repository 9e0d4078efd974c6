import { describe, expect, it } from 'vitest';
import { VerifiedTokenCache } from './verified-cache.js';

function setup(options: { maxEntries?: number; maxChars?: number } = {}) {
  const clock = { ms: 0 };
  const cache = new VerifiedTokenCache<string>({ ...options, now: () => clock.ms });
  return { clock, cache };
}

describe('VerifiedTokenCache', () => {
  it('evicts the least recently used entry past maxEntries', () => {
    const { cache } = setup({ maxEntries: 2 });
    cache.set('a', 'A', 1_000);
    cache.set('b', 'B', 1_000);
    expect(cache.get('a')).toBe('A'); // a is now the most recent
    cache.set('c', 'C', 1_000);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe('A');
    expect(cache.get('c')).toBe('C');
  });

  it('keeps total key characters under maxChars', () => {
    const { cache } = setup({ maxChars: 10 });
    cache.set('x'.repeat(6), '1', 1_000);
    cache.set('y'.repeat(6), '2', 1_000);
    expect(cache.size).toBe(1);
    expect(cache.chars).toBe(6);
    cache.set('z'.repeat(11), '3', 1_000); // larger than the whole budget: not cached
    expect(cache.get('y'.repeat(6))).toBe('2');
  });

  it('drops entries at expiresAt on the injected clock, expired ones first when full', () => {
    const { clock, cache } = setup({ maxEntries: 2 });
    cache.set('short', 's', 100);
    cache.set('long', 'l', 10_000);
    clock.ms = 99;
    expect(cache.get('short')).toBe('s');
    clock.ms = 100;
    cache.set('new', 'n', 10_000); // evicts the expired one, not the LRU 'long'
    expect(cache.get('long')).toBe('l');
    expect(cache.get('short')).toBeUndefined();
    expect(cache.size).toBe(2);
  });

  it('can be switched off', () => {
    const { cache } = setup({ maxEntries: 0 });
    cache.set('a', 'A', 1_000);
    expect(cache.get('a')).toBeUndefined();
  });
});
