/**
 * Child process of the memory figure (needs `--expose-gc`): pushes N distinct access tokens
 * through one verifier's verified-token cache and prints heap/RSS checkpoints as JSON.
 */
import { createTokenVerifier } from '../src/tokens/verifier';
import { CLIENT_ID, createMinter, ISSUER, JWKS_URI, POOL_ID } from './support/mint';

const total = Number(process.argv[2] ?? 100_000);
const checkpoints = 10;
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

const minter = await createMinter();
const verifier = createTokenVerifier({
  userPoolId: POOL_ID,
  clientId: CLIENT_ID,
  issuer: ISSUER,
  jwksUri: JWKS_URI,
  fetch: minter.fetch,
});

function sample(tokens: number) {
  gc!();
  const usage = process.memoryUsage();
  return { tokens, rssMiB: usage.rss / 2 ** 20, heapUsedMiB: usage.heapUsed / 2 ** 20 };
}

const samples = [sample(0)];
const started = performance.now();
let verifyMs = 0;
const batch = 16;
for (let n = 0; n < total; n += batch) {
  // Signing dominates; WebCrypto signs on the thread pool, so a small batch uses both cores.
  const tokens = await Promise.all(
    Array.from({ length: Math.min(batch, total - n) }, (_, i) => minter.accessToken(n + i)),
  );
  const verifyStart = performance.now();
  for (const [i, token] of tokens.entries()) {
    const { payload } = await verifier.verifyAccessToken(token);
    if (payload.jti !== `jti-${n + i}`) throw new Error(`token ${n + i} verified as ${payload.jti}`);
  }
  verifyMs += performance.now() - verifyStart;
  const done = n + tokens.length;
  if (done % Math.ceil(total / checkpoints) < batch || done === total) samples.push(sample(done));
}
process.stdout.write(
  `${JSON.stringify({ total, seconds: (performance.now() - started) / 1000, verifyMs, samples })}\n`,
);
