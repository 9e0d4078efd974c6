'use client';
import { useState } from 'react';
import { signOut } from 'next-cognito-session/client';

export function SignOutButtons() {
  const [busy, setBusy] = useState<'local' | 'global' | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  async function run(global: boolean) {
    setBusy(global ? 'global' : 'local');
    setFailure(null);
    try {
      await signOut({ global, returnTo: '/' });
    } catch (error) {
      setFailure(error instanceof Error ? error.message : 'Sign-out failed.');
      setBusy(null);
    }
  }

  return (
    <div>
      <div className="actions">
        <button
          type="button"
          className="secondary"
          data-testid="sign-out"
          disabled={busy !== null}
          onClick={() => void run(false)}
        >
          {busy === 'local' ? 'Signing out…' : 'Sign out'}
        </button>
        <button
          type="button"
          className="danger"
          data-testid="sign-out-global"
          disabled={busy !== null}
          onClick={() => void run(true)}
        >
          {busy === 'global' ? 'Signing out everywhere…' : 'Sign out everywhere'}
        </button>
      </div>
      {failure ? (
        <p className="alert" role="alert" style={{ marginTop: '0.75rem' }}>
          {failure}
        </p>
      ) : null}
    </div>
  );
}
