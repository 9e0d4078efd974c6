/** Every claim of a token, in the token's own order, with times also shown as dates. */
const TIME_CLAIMS = new Set(['exp', 'iat', 'nbf', 'auth_time']);

export function ClaimsTable({ claims, caption, testId }: { claims: object; caption: string; testId: string }) {
  const entries = Object.entries(claims);
  return (
    <div className="table-wrap">
      <table className="claims" data-testid={testId}>
        <caption className="muted" style={{ textAlign: 'left', paddingBottom: '0.5rem' }}>
          {caption} — {entries.length} claims
        </caption>
        <thead>
          <tr>
            <th scope="col">Claim</th>
            <th scope="col">Value</th>
          </tr>
        </thead>
        <tbody>
          {entries.map(([name, value]) => (
            <tr key={name} data-claim={name}>
              <th scope="row">
                <code>{name}</code>
              </th>
              <td>
                <code>{formatValue(value)}</code>
                {TIME_CLAIMS.has(name) && typeof value === 'number' ? (
                  <span className="muted">{new Date(value * 1000).toISOString()}</span>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function formatValue(value: unknown): string {
  if (Array.isArray(value))
    return value.map((item) => (typeof item === 'string' ? item : JSON.stringify(item))).join(', ');
  if (typeof value === 'string') return value;
  return JSON.stringify(value) ?? String(value);
}
