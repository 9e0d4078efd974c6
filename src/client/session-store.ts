/**
 * The state behind `useSession()`: one store per `<SessionProvider>`, shared by every component
 * under it. Framework-free (React reads it through `useSyncExternalStore`), so it is tested
 * with a fake fetch, clock and timers.
 *
 * @example
 *   const store = createSessionStore({ basePath: '/api/auth' });
 *   const stop = store.subscribe(() => render(store.getSnapshot()));
 *
 * - One request at a time: callers arriving while one is in flight share its result.
 * - Stale-free: while anyone listens, it asks again `refreshLeadMs` before `expiresAt` — the
 *   session endpoint refreshes ahead of expiry, so the answer carries the rotated session — and
 *   when the window regains focus (timers are throttled in background tabs).
 * - While refetching, the last answer stays visible; `loading` only means "never answered yet".
 */
import type { SessionUser } from '../session/types.js';
import { requestSession, type SessionAnswer } from './session-endpoint.js';
import {
  DEFAULT_BASE_PATH,
  defaultFetch,
  REFRESH_LEAD_MS,
  type ClientAuthError,
  type ClientClaims,
  type FetchLike,
} from './types.js';

export type SessionStatus = 'loading' | 'signedIn' | 'signedOut' | 'error';

export interface SessionSnapshot {
  readonly status: SessionStatus;
  /** Set when signed in; on `error` it keeps the last signed-in answer's value, if any. */
  readonly user: SessionUser | null;
  /** The ID token's claims (relayed by the server, which verified them). */
  readonly claims: ClientClaims | null;
  /** Seconds since epoch when the first of the session's tokens expires. */
  readonly expiresAt: number | null;
  readonly error: ClientAuthError | null;
}

export interface SessionStore {
  getSnapshot(): SessionSnapshot;
  /** The first listener starts fetching and watching; the last one to leave stops it. */
  subscribe(listener: () => void): () => void;
  /** Ask the server now (or join the request already in flight). */
  refresh(): Promise<SessionSnapshot>;
}

/** Calls `onFocus` when the page becomes visible again; returns the unsubscribe function. */
export type FocusSource = (onFocus: () => void) => () => void;

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface SessionStoreOptions {
  /** Where `auth.routeHandlers()` is mounted. Default `/api/auth`. */
  basePath?: string;
  fetch?: FetchLike;
  /** How long before `expiresAt` to ask again. Default 30 s — inside the server's 60 s refresh margin. */
  refreshLeadMs?: number;
  /** Floor between timed refetches, so very short-lived tokens cannot cause a request storm. Default 5 s. */
  minRefetchMs?: number;
  /** Focus events closer together than this do not refetch. Default 2 s. */
  focusThrottleMs?: number;
  now?: () => number;
  timers?: Timers;
  /** Default: window `focus` and document `visibilitychange`; nothing outside a browser. */
  focus?: FocusSource;
}

export const LOADING_SNAPSHOT: SessionSnapshot = Object.freeze({
  status: 'loading',
  user: null,
  claims: null,
  expiresAt: null,
  error: null,
});

/** setTimeout overflows past 2^31-1 ms and fires at once. */
const MAX_TIMER_MS = 2_147_483_647;

export function createSessionStore(options: SessionStoreOptions = {}): SessionStore {
  const basePath = options.basePath ?? DEFAULT_BASE_PATH;
  const fetchImpl = options.fetch ?? defaultFetch;
  const refreshLeadMs = options.refreshLeadMs ?? REFRESH_LEAD_MS;
  const minRefetchMs = options.minRefetchMs ?? 5_000;
  const focusThrottleMs = options.focusThrottleMs ?? 2_000;
  const now = options.now ?? Date.now;
  const timers = options.timers ?? {
    setTimeout: (cb, ms) => setTimeout(cb, ms),
    clearTimeout: (h) => clearTimeout(h as never),
  };
  const focus = options.focus ?? browserFocus;

  const listeners = new Set<() => void>();
  let snapshot: SessionSnapshot = LOADING_SNAPSHOT;
  let inFlight: Promise<SessionSnapshot> | null = null;
  let lastSettledAt = -Infinity;
  let timer: unknown;
  let stopFocus: (() => void) | null = null;

  function publish(next: SessionSnapshot): void {
    snapshot = next;
    for (const listener of [...listeners]) listener();
  }

  function schedule(): void {
    if (timer !== undefined) timers.clearTimeout(timer);
    timer = undefined;
    if (listeners.size === 0 || snapshot.status !== 'signedIn' || snapshot.expiresAt === null) return;
    const due = snapshot.expiresAt * 1000 - refreshLeadMs - now();
    timer = timers.setTimeout(
      () => {
        timer = undefined;
        void refresh();
      },
      Math.min(Math.max(due, minRefetchMs), MAX_TIMER_MS),
    );
  }

  function refresh(): Promise<SessionSnapshot> {
    inFlight ??= requestSession(fetchImpl, basePath).then((answer) => {
      inFlight = null;
      lastSettledAt = now();
      publish(toSnapshot(answer, snapshot));
      schedule();
      return snapshot;
    });
    return inFlight;
  }

  function onFocus(): void {
    if (now() - lastSettledAt >= focusThrottleMs) void refresh();
  }

  return {
    getSnapshot: () => snapshot,
    subscribe(listener) {
      listeners.add(listener);
      if (listeners.size === 1) {
        stopFocus = focus(onFocus);
        if (snapshot.status === 'loading' || snapshotIsStale()) void refresh();
        else schedule();
      }
      return () => {
        if (!listeners.delete(listener) || listeners.size > 0) return;
        stopFocus?.();
        stopFocus = null;
        if (timer !== undefined) timers.clearTimeout(timer);
        timer = undefined;
      };
    },
    refresh,
  };

  function snapshotIsStale(): boolean {
    return snapshot.expiresAt !== null && snapshot.expiresAt * 1000 - refreshLeadMs <= now();
  }
}

function toSnapshot(answer: SessionAnswer, previous: SessionSnapshot): SessionSnapshot {
  switch (answer.status) {
    case 'signedIn':
      return Object.freeze({
        status: 'signedIn',
        user: answer.user,
        claims: answer.claims,
        expiresAt: answer.expiresAt,
        error: null,
      });
    case 'signedOut':
      return Object.freeze({ status: 'signedOut', user: null, claims: null, expiresAt: null, error: null });
    case 'error':
      // An outage is not a sign-out: keep showing who was signed in, and say why it is unsure.
      return Object.freeze({ ...previous, status: 'error', error: answer.error });
  }
}

const browserFocus: FocusSource = (onFocus) => {
  if (typeof window === 'undefined' || typeof document === 'undefined') return () => {};
  const onVisibility = () => {
    if (document.visibilityState === 'visible') onFocus();
  };
  window.addEventListener('focus', onFocus);
  document.addEventListener('visibilitychange', onVisibility);
  return () => {
    window.removeEventListener('focus', onFocus);
    document.removeEventListener('visibilitychange', onVisibility);
  };
};
