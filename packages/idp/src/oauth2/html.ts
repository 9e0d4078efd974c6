/**
 * The hosted UI's two pages — the sign-in form and the error page — as plain, accessible HTML.
 * Every interpolated value passes through `escapeHtml`; the form echoes only an opaque
 * transaction id and the username the user typed, never the raw authorize parameters.
 */

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

const STYLE = `
  body { font: 16px/1.5 system-ui, sans-serif; background: #f4f5f7; color: #1b1f24; margin: 0; }
  main { max-width: 22rem; margin: 4rem auto; padding: 2rem; background: #fff;
         border: 1px solid #d0d5dd; border-radius: 8px; }
  h1 { font-size: 1.375rem; margin: 0 0 1.5rem; }
  label { display: block; font-weight: 600; margin: 1rem 0 0.25rem; }
  input { box-sizing: border-box; width: 100%; padding: 0.5rem; font: inherit;
          border: 1px solid #8a94a6; border-radius: 4px; }
  input:focus, button:focus { outline: 3px solid #2563eb; outline-offset: 1px; }
  button { margin-top: 1.5rem; width: 100%; padding: 0.625rem; font: inherit; font-weight: 600;
           color: #fff; background: #1d4ed8; border: 0; border-radius: 4px; cursor: pointer; }
  .error { color: #9f1239; background: #fff1f2; border: 1px solid #fecdd3; border-radius: 4px;
           padding: 0.75rem; margin: 0 0 1rem; }
  .meta { color: #4b5563; font-size: 0.875rem; margin-top: 1.5rem; }
`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

export interface LoginPageInput {
  /** Opaque id of the server-side login transaction holding the authorize parameters. */
  transaction: string;
  /** Shown under the form so a developer can tell which app client asked. */
  clientId: string;
  username?: string;
  error?: string;
}

export function renderLoginPage(input: LoginPageInput): string {
  const error = input.error ? `<p class="error" role="alert" id="login-error">${escapeHtml(input.error)}</p>` : '';
  const describedBy = input.error ? ' aria-describedby="login-error" aria-invalid="true"' : '';
  return page(
    'Sign in',
    `<h1>Sign in</h1>
${error}<form method="post" action="/login" novalidate>
<input type="hidden" name="transaction" value="${escapeHtml(input.transaction)}">
<label for="username">Username</label>
<input id="username" name="username" type="text" autocomplete="username" autocapitalize="none"
  spellcheck="false" required autofocus value="${escapeHtml(input.username ?? '')}"${describedBy}>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${describedBy}>
<button type="submit">Sign in</button>
</form>
<p class="meta">App client: <code>${escapeHtml(input.clientId)}</code></p>`,
  );
}

export function renderErrorPage(title: string, message: string): string {
  return page(
    title,
    `<h1>${escapeHtml(title)}</h1>
<p class="error" role="alert">${escapeHtml(message)}</p>`,
  );
}
