'use client';
import { useState, useTransition } from 'react';
import { whoAmI, type WhoAmI } from './actions';

export function ServerActionButton() {
  const [result, setResult] = useState<WhoAmI | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <div>
      <div className="actions">
        <button
          type="button"
          data-testid="server-action"
          disabled={pending}
          onClick={() => startTransition(async () => setResult(await whoAmI()))}
        >
          {pending ? 'Asking the server…' : 'Ask a server action who I am'}
        </button>
      </div>
      {result ? (
        <p data-testid="server-action-result" role="status" style={{ marginBottom: 0 }}>
          {result.ok ? (
            <>
              The server action saw <strong>{result.username}</strong> with access token{' '}
              <code>jti={result.accessTokenJti}</code> <span className="muted">at {result.checkedAt}</span>
            </>
          ) : (
            <span className="error-text">
              {result.message} ({result.code})
            </span>
          )}
        </p>
      ) : null}
    </div>
  );
}
