import { describe, expect, it } from 'vitest';
import { createSessionStore, type FocusSource, type Timers } from './session-store.js';
import type { FetchLike } from './types.js';

const NOW = 1_750_000_000_000;
const user = { username: 'demo@example.com', userId: 'sub-1', email: 'demo@example.com', groups: [] };

function signedIn(expiresAt: number) {
  return { user, claims: { sub: 'sub-1', email: user.email }, accessTokenExpiresAt: expiresAt, expiresAt };
}

/** A fetch whose answers the test releases one by one, counting calls. */
function fakeFetch() {
  const pending: Array<(response: Response) => void> = [];
  const urls: string[] = [];
  const fetch: FetchLike = (url) => {
    urls.push(url);
    return new Promise((resolve) => pending.push(resolve));
  };
  const answer = async (body: unknown, status = 200) => {
    const resolve = pending.shift();
    if (!resolve) throw new Error('no request in flight');
    resolve(Response.json(body, { status }));
    await new Promise((r) => setTimeout(r, 0));
  };
  return { fetch, urls, answer, pendingCount: () => pending.length };
}

function fakeTimers() {
  const scheduled = new Map<number, { callback: () => void; ms: number }>();
  let next = 0;
  const timers: Timers = {
    setTimeout(callback, ms) {
      scheduled.set(++next, { callback, ms });
      return next;
    },
    clearTimeout(handle) {
      scheduled.delete(handle as number);
    },
  };
  const fireAll = () => {
    const due = [...scheduled.values()];
    scheduled.clear();
    for (const { callback } of due) callback();
  };
  return { timers, scheduled, fireAll };
}

function fakeFocus() {
  let handler: (() => void) | null = null;
  const focus: FocusSource = (onFocus) => {
    handler = onFocus;
    return () => {
      handler = null;
    };
  };
  return { focus, fire: () => handler?.(), attached: () => handler !== null };
}

function setup(now = () => NOW) {
  const http = fakeFetch();
  const clock = fakeTimers();
  const focus = fakeFocus();
  const store = createSessionStore({
    basePath: '/auth/',
    fetch: http.fetch,
    timers: clock.timers,
    focus: focus.focus,
    now,
  });
  return { store, http, clock, focus };
}

describe('session store', () => {
  it('dedupes: many subscribers and refresh() calls share one in-flight request', async () => {
    const { store, http } = setup();
    const seen: string[] = [];
    for (let i = 0; i < 5; i++) store.subscribe(() => seen.push(store.getSnapshot().status));
    const results = [store.refresh(), store.refresh(), store.refresh()];
    expect(http.urls).toEqual(['/auth/session']);
    expect(store.getSnapshot().status).toBe('loading');

    await http.answer(signedIn(NOW / 1000 + 3600));
    const snapshots = await Promise.all(results);
    expect(new Set(snapshots).size).toBe(1);
    expect(snapshots[0]).toMatchObject({ status: 'signedIn', user, expiresAt: NOW / 1000 + 3600, error: null });
    expect(seen).toEqual(Array(5).fill('signedIn'));

    store.refresh();
    expect(http.urls).toHaveLength(2);
  });

  it('keeps the snapshot object stable between answers (useSyncExternalStore needs that)', async () => {
    const { store, http } = setup();
    store.subscribe(() => {});
    await http.answer({ user: null });
    const first = store.getSnapshot();
    expect(first.status).toBe('signedOut');
    expect(store.getSnapshot()).toBe(first);
  });

  it('asks again refreshLeadMs before expiry, never sooner than the floor', async () => {
    const { store, http, clock } = setup();
    store.subscribe(() => {});
    await http.answer(signedIn(NOW / 1000 + 3600));
    expect([...clock.scheduled.values()].map((t) => t.ms)).toEqual([3600_000 - 30_000]);

    clock.fireAll();
    expect(http.urls).toHaveLength(2);
    // A token that lives 10 s (test pools): the floor keeps it from refetching in a loop.
    await http.answer(signedIn(NOW / 1000 + 10));
    expect([...clock.scheduled.values()].map((t) => t.ms)).toEqual([5_000]);
  });

  it('refetches on focus, throttled, and stops watching when the last subscriber leaves', async () => {
    let now = NOW;
    const { store, http, clock, focus } = setup(() => now);
    const stopA = store.subscribe(() => {});
    const stopB = store.subscribe(() => {});
    await http.answer(signedIn(NOW / 1000 + 3600));

    focus.fire();
    expect(http.urls).toHaveLength(1);
    now += 2_000;
    focus.fire();
    focus.fire();
    expect(http.urls).toHaveLength(2);
    await http.answer(signedIn(NOW / 1000 + 3600));

    stopA();
    expect(focus.attached()).toBe(true);
    stopB();
    expect(focus.attached()).toBe(false);
    expect(clock.scheduled.size).toBe(0);
  });

  it('reports an outage as error without forgetting who was signed in', async () => {
    const { store, http } = setup();
    store.subscribe(() => {});
    await http.answer(signedIn(NOW / 1000 + 3600));
    store.refresh();
    await http.answer({ error: { code: 'IdpUnavailable', message: 'down' } }, 503);
    expect(store.getSnapshot()).toMatchObject({
      status: 'error',
      user,
      error: { code: 'IdpUnavailable', message: 'down', status: 503 },
    });
  });

  it('turns a network failure into an error snapshot', async () => {
    const store = createSessionStore({
      fetch: () => Promise.reject(new TypeError('Failed to fetch')),
      focus: () => () => {},
      timers: fakeTimers().timers,
    });
    const snapshot = await store.refresh();
    expect(snapshot).toMatchObject({ status: 'error', error: { code: 'NetworkError', message: 'Failed to fetch' } });
  });
});
