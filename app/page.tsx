export default function Home() {
  return (
    <main>
      <h1>next-cognito-session</h1>
      <p>Reference app — sign-in and the dashboard arrive with the route handlers.</p>
    </main>
  );
}
