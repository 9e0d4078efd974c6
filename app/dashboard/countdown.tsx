'use client';
import { useEffect, useState } from 'react';
import { useSession } from 'next-cognito-session/client';

/**
 * Ticks down to the session's expiry. Starts from the server's value and switches to the client
 * store's as soon as it is newer: the store refetches before expiry, and the session endpoint
 * refreshes, so the countdown moves on to the rotated tokens instead of reaching zero.
 */
export function Countdown({ expiresAt }: { expiresAt: number }) {
  const session = useSession();
  const target =
    session.status === 'signedIn' && session.expiresAt !== null ? Math.max(session.expiresAt, expiresAt) : expiresAt;
  // Null until mounted: the server's clock and the browser's differ, and hydration must match.
  const [now, setNow] = useState<number | null>(null);

  useEffect(() => {
    setNow(Date.now());
    const interval = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(interval);
  }, []);

  const iso = new Date(target * 1000).toISOString();
  if (now === null) {
    return (
      <time data-testid="countdown" dateTime={iso} data-expires-at={target}>
        until {iso}
      </time>
    );
  }
  const seconds = Math.round(target - now / 1000);
  return (
    <time data-testid="countdown" dateTime={iso} data-expires-at={target} data-seconds={seconds}>
      {seconds > 0 ? `in ${formatDuration(seconds)}` : 'expired — refreshing…'}
    </time>
  );
}

function formatDuration(total: number): string {
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const mm = String(minutes).padStart(hours > 0 ? 2 : 1, '0');
  const ss = String(seconds).padStart(2, '0');
  return hours > 0 ? `${hours}:${mm}:${ss}` : `${mm}:${ss}`;
}
