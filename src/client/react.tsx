'use client';
/**
 * React bindings: `<SessionProvider>` owns one session store for the tree below it, and
 * `useSession()` reads it. The store lives on the provider (no module-global state), so two
 * providers — two apps, or a test — never share a session or a request.
 *
 * @example
 *   // app/layout.tsx (a server component may render the provider)
 *   <SessionProvider basePath="/api/auth">{children}</SessionProvider>
 *   // any client component below it
 *   const { status, user, expiresAt, refresh } = useSession();
 */
import { createContext, useContext, useMemo, useState, useSyncExternalStore, type ReactNode } from 'react';
import {
  createSessionStore,
  LOADING_SNAPSHOT,
  type SessionSnapshot,
  type SessionStore,
  type SessionStoreOptions,
} from './session-store.js';

const SessionStoreContext = createContext<SessionStore | null>(null);

export interface SessionProviderProps extends Pick<SessionStoreOptions, 'basePath' | 'refreshLeadMs'> {
  children?: ReactNode;
  /** A store made elsewhere (tests, or sharing one across React roots). */
  store?: SessionStore;
}

export function SessionProvider({ children, store, basePath, refreshLeadMs }: SessionProviderProps) {
  const [own] = useState(
    () =>
      store ??
      createSessionStore({
        ...(basePath !== undefined ? { basePath } : {}),
        ...(refreshLeadMs !== undefined ? { refreshLeadMs } : {}),
      }),
  );
  return <SessionStoreContext.Provider value={own}>{children}</SessionStoreContext.Provider>;
}

export interface UseSessionResult extends SessionSnapshot {
  /** Ask the server again now; concurrent calls share one request. */
  refresh(): Promise<SessionSnapshot>;
}

/** The server render and hydration always see `loading`: the session is the browser's to ask. */
const getServerSnapshot = () => LOADING_SNAPSHOT;

export function useSession(): UseSessionResult {
  const store = useContext(SessionStoreContext);
  if (!store) throw new Error('useSession() must be called below a <SessionProvider> (next-cognito-session/client)');
  const snapshot = useSyncExternalStore(store.subscribe, store.getSnapshot, getServerSnapshot);
  return useMemo(() => ({ ...snapshot, refresh: store.refresh }), [snapshot, store]);
}
