import { isAuthError } from 'next-cognito-session';
import { callerIdentity } from '../_lib/aws';

/** STS GetCallerIdentity with the user's identity-pool credentials, rendered on the server. */
export async function AwsCard() {
  let content: React.ReactNode;
  try {
    const identity = await callerIdentity();
    content = identity ? (
      <dl className="facts">
        <dt>Role (STS GetCallerIdentity)</dt>
        <dd>
          <code data-testid="aws-role-arn">{identity.arn}</code>
        </dd>
        <dt>Identity id</dt>
        <dd>
          <code data-testid="aws-identity-id">{identity.identityId}</code>
        </dd>
        <dt>Access key id</dt>
        <dd>
          <code data-testid="aws-access-key-id">{identity.accessKeyId}</code>
        </dd>
      </dl>
    ) : (
      <p className="muted">No identity pool is configured (COGNITO_IDENTITY_POOL_ID).</p>
    );
  } catch (error) {
    content = (
      <p role="alert" data-testid="aws-error">
        AWS credentials are unavailable right now ({isAuthError(error) ? error.code : 'InternalError'}).
      </p>
    );
  }
  return (
    <section className="card">
      <h2>AWS credentials</h2>
      {content}
    </section>
  );
}
