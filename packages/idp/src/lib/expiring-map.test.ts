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
});
