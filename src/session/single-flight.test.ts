import { describe, expect, it } from 'vitest';
import { SingleFlight } from './single-flight.js';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe('SingleFlight', () => {
  it('refresh-storm-one-call: 50 concurrent callers share one call', async () => {
    const flight = new SingleFlight<string>({ retainMs: 1000, maxEntries: 10 });
    const gate = deferred<string>();
    let calls = 0;
    const results = Array.from({ length: 50 }, () =>
      flight.run('rt-1', () => {
        calls++;
        return gate.promise;
      }),
    );
    gate.resolve('new-tokens');
    expect(await Promise.all(results)).toEqual(Array(50).fill('new-tokens'));
    expect(calls).toBe(1);
  });

  it('hands a late arrival the remembered result inside retainMs, calls again after', async () => {
    let clock = 0;
    const flight = new SingleFlight<number>({ retainMs: 1000, maxEntries: 10, now: () => clock });
    let calls = 0;
    const call = async () => ++calls;
    expect(await flight.run('k', call)).toBe(1);
    clock = 999;
    expect(await flight.run('k', call)).toBe(1);
    clock = 2500;
    expect(await flight.run('k', call)).toBe(2);
  });

  it('does not remember failures', async () => {
    const flight = new SingleFlight<string>({ retainMs: 1000, maxEntries: 10 });
    await expect(flight.run('k', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    await expect(flight.run('k', async () => 'up')).resolves.toBe('up');
  });

  it('shares a failure among the callers of the same flight', async () => {
    const flight = new SingleFlight<string>({ retainMs: 1000, maxEntries: 10 });
    const gate = deferred<string>();
    const a = flight.run('k', () => gate.promise);
    const b = flight.run('k', () => Promise.resolve('second call must not happen'));
    gate.reject(new Error('revoked'));
    await expect(a).rejects.toThrow('revoked');
    await expect(b).rejects.toThrow('revoked');
  });

  it('stays bounded', async () => {
    const flight = new SingleFlight<number>({ retainMs: 60_000, maxEntries: 3 });
    for (let i = 0; i < 10; i++) await flight.run(`k${i}`, async () => i);
    expect(flight.size).toBe(3);
  });
});
