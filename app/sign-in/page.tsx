export default async function SignIn({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const { returnTo, error } = await searchParams;
  return (
    <main>
      <h1>Sign in</h1>
      {error ? <p role="alert">Sign-in problem: {error}</p> : null}
      <form method="post" action="/api/auth/sign-in">
        <input type="hidden" name="returnTo" value={returnTo ?? '/dashboard'} />
        <label>
          Email <input name="username" type="email" autoComplete="username" required />
        </label>
        <label>
          Password <input name="password" type="password" autoComplete="current-password" required />
        </label>
        <button type="submit">Sign in</button>
      </form>
    </main>
  );
}
