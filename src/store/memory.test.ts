import { describe, expect, it } from 'vitest';
import { createMemoryStore } from './memory';

describe('memory store', () => {
  it('expires keys by the clock it was given, and set-if-absent takes an expired key', async () => {
    const clock = { ms: 0 };
    const store = createMemoryStore({ now: () => clock.ms });
    expect(await store.setIfAbsent('lock', '1', 100)).toBe(true);
    expect(await store.setIfAbsent('lock', '1', 100)).toBe(false);
    clock.ms = 100;
    expect(await store.get('lock')).toBeNull();
    expect(await store.setIfAbsent('lock', '2', 100)).toBe(true);
    await store.delete('lock');
    expect(await store.get('lock')).toBeNull();
  });

  it('is bounded: past maxEntries the oldest key goes first', async () => {
    const store = createMemoryStore({ maxEntries: 2 });
    await store.set('a', '1', 1000);
    await store.set('b', '2', 1000);
    await store.set('c', '3', 1000);
    expect(await store.get('a')).toBeNull();
    expect(await store.get('b')).toBe('2');
    expect(await store.get('c')).toBe('3');
  });
});
