import { describe, expect, it } from 'vitest';
import { ExpiringMap } from './expiring-map.js';

function map(maxEntries = 3) {
  const clock = { now: 0 };
  const store = new ExpiringMap<string>({ ttlMs: 1000, maxEntries, now: () => clock.now });
  return { clock, store };
}

describe('ExpiringMap', () => {
  it('forgets an entry at its expiry', () => {
    const { clock, store } = map();
    store.set('a', 'A');
    clock.now = 999;
    expect(store.get('a')).toBe('A');
    clock.now = 1000;
    expect(store.get('a')).toBeUndefined();
  });

  it('take() hands a value out once', () => {
    const { store } = map();
    store.set('a', 'A');
    expect(store.take('a')).toBe('A');
    expect(store.take('a')).toBeUndefined();
  });

  it('evicts the oldest entry when full, so abandoned logins cannot grow it', () => {
    const { store } = map(2);
    store.set('a', 'A');
    store.set('b', 'B');
    store.set('c', 'C');
    expect(store.size).toBe(2);
    expect(store.get('a')).toBeUndefined();
    expect(store.get('c')).toBe('C');
  });

  it('sweeps expired entries when a new one arrives', () => {
    const { clock, store } = map(10);
    store.set('a', 'A');
    store.set('b', 'B');
    clock.now = 1500;
    store.set('c', 'C');
    expect(store.size).toBe(1);
  });

  it('replace() keeps the original expiry', () => {
    const { clock, store } = map();
    store.set('a', 'A');
    clock.now = 600;
    store.replace('a', 'A2');
    expect(store.get('a')).toBe('A2');
    clock.now = 1000;
    expect(store.get('a')).toBeUndefined();
  });

  describe('with a byte budget', () => {
    /** Values are `owner:payload`; one byte per character, partitioned by owner. */
    function budgeted(maxBytes: number, maxBytesPerPartition?: number) {
      const clock = { now: 0 };
      const store = new ExpiringMap<string>({
        ttlMs: 1000,
        maxEntries: 1000,
        now: () => clock.now,
        budget: {
          bytesOf: (_key, value) => value.length,
          maxBytes,
          partitionOf: (value) => value.split(':')[0]!,
          ...(maxBytesPerPartition !== undefined && { maxBytesPerPartition }),
        },
      });
      return { clock, store };
    }

    it('never holds more than its bytes: the oldest go first', () => {
      const { store } = budgeted(100);
      for (let i = 0; i < 50; i++) store.set(`k${i}`, `u${i}:${'x'.repeat(20)}`);
      expect(store.bytes).toBeLessThanOrEqual(100);
      expect(store.get('k49')).toBeDefined();
      expect(store.get('k0')).toBeUndefined();
    });

    it('evicts within the partition first, so one owner cannot push the others out', () => {
      const { store } = budgeted(1000, 30);
      store.set('bob', 'bob:hello');
      for (let i = 0; i < 20; i++) store.set(`m${i}`, `mallory:${'x'.repeat(10)}`);
      expect(store.partitionBytes('mallory')).toBeLessThanOrEqual(30);
      expect(store.get('bob')).toBe('bob:hello');
      expect(store.get('m19')).toBeDefined();
      expect(store.get('m0')).toBeUndefined();
    });

    it('accounts removals, expiry and replace, and forgets empty partitions', () => {
      const { clock, store } = budgeted(1000, 100);
      store.set('a', 'u:12345');
      store.set('b', 'u:1');
      expect(store.bytes).toBe(10);
      store.replace('a', 'u:1234567890');
      expect(store.partitionBytes('u')).toBe(15);
      store.take('a');
      expect(store.bytes).toBe(3);
      clock.now = 1000;
      store.set('c', 'v:1');
      expect(store.bytes).toBe(3);
      expect(store.partitionBytes('u')).toBe(0);
    });

    it('refuses a value bigger than a whole budget instead of emptying the map for it', () => {
      const { store } = budgeted(1000, 10);
      store.set('a', 'u:1');
      expect(() => store.set('big', `u:${'x'.repeat(50)}`)).toThrow(RangeError);
      expect(store.get('a')).toBe('u:1');
    });
  });
});
