'use client';
import { useEffect, useState } from 'react';
import type { CallerIdentity } from '../_lib/aws';

type CardState =
  | { kind: 'loading' }
  | { kind: 'identity'; identity: CallerIdentity }
  | { kind: 'none' }
  | { kind: 'error'; code: string };

/**
 * STS GetCallerIdentity with the user's identity-pool credentials, asked by the browser through
 * /api/aws/caller-identity once the page is up: the dashboard's own render stays free of AWS
 * calls, as every page render with a valid session is free of IdP calls.
 */
export function AwsCard() {
  const [state, setState] = useState<CardState>({ kind: 'loading' });
  useEffect(() => {
    let current = true;
    fetch('/api/aws/caller-identity', { cache: 'no-store' })
      .then(async (response) => {
        const body = (await response.json()) as CallerIdentity & { error?: { code: string } };
        if (!current) return;
        if (response.ok) setState({ kind: 'identity', identity: body });
        else if (response.status === 404) setState({ kind: 'none' });
        else setState({ kind: 'error', code: body.error?.code ?? 'InternalError' });
      })
      .catch(() => current && setState({ kind: 'error', code: 'NetworkError' }));
    return () => {
      current = false;
    };
  }, []);

  return (
    <section className="card">
      <h2>AWS credentials</h2>
      {state.kind === 'loading' && <p className="muted">Asking AWS who you are…</p>}
      {state.kind === 'none' && <p className="muted">No identity pool is configured (COGNITO_IDENTITY_POOL_ID).</p>}
      {state.kind === 'error' && (
        <p role="alert" data-testid="aws-error">
          AWS credentials are unavailable right now ({state.code}).
        </p>
      )}
      {state.kind === 'identity' && (
        <dl className="facts">
          <dt>Role (STS GetCallerIdentity)</dt>
          <dd>
            <code data-testid="aws-role-arn">{state.identity.arn}</code>
          </dd>
          <dt>Identity id</dt>
          <dd>
            <code data-testid="aws-identity-id">{state.identity.identityId}</code>
          </dd>
          <dt>Access key id</dt>
          <dd>
            <code data-testid="aws-access-key-id">{state.identity.accessKeyId}</code>
          </dd>
        </dl>
      )}
    </section>
  );
}
