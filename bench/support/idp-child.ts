/**
 * The process `idp-process.ts` starts: a local IdP on a free 127.0.0.1 port with `argv[2]`
 * CONFIRMED users, whose description goes to stdout as one JSON line once it listens. It runs
 * until SIGTERM. Its env (NEXT_COGNITO_SRP_MATH) and its `node` are the parent's choice.
 */
import { startIdp } from 'next-cognito-session-idp';
import { BENCH_PASSWORD, type IdpDescription } from './idp-process';

const userCount = Number(process.argv[2] ?? '0');
const idp = await startIdp({ port: 0, log: () => {} });
const users: IdpDescription['users'] = [];
for (let i = 0; i < userCount; i++) {
  const username = `bench-${i}@example.com`;
  await idp.admin.createUser({
    username,
    password: BENCH_PASSWORD,
    attributes: { email: username, email_verified: 'true' },
  });
  users.push({ username, password: BENCH_PASSWORD });
}
const description: IdpDescription = {
  url: idp.url,
  poolId: idp.poolId,
  issuer: idp.issuer,
  defaultClientId: idp.defaultClientId,
  users,
};
process.stdout.write(`${JSON.stringify(description)}\n`);

let closing = false;
process.on('SIGTERM', () => {
  if (closing) return;
  closing = true;
  idp.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
