/**
 * P2 — the cost of verifying one access token in-process (tinybench), against the floor: one raw
 * WebCrypto RS256 verify of the same token. Keys and JWKS are local; nothing touches the network.
 */
import { createPublicKey, verify as verifySignature, type JsonWebKeyInput } from 'node:crypto';
import { JwtVerifier } from 'aws-jwt-verify';
import { jwtVerify } from 'jose';
import { Bench } from 'tinybench';
import { createTokenVerifier } from '../src/tokens/verifier';
import { CLIENT_ID, createMinter, ISSUER, JWKS_URI, POOL_ID } from './support/mint';
import { formatRatio, type BenchResult } from './support/report';

const encoder = new TextEncoder();

export async function runP2(options: { timeMs: number; warmupMs: number }): Promise<BenchResult> {
  const result: BenchResult = {
    id: 'P2',
    title: 'verification cost per token (in-process)',
    figures: [],
    notes: [],
    broken: [],
  };
  const minter = await createMinter();
  const token = await minter.accessToken(1);
  const expectedSub = '00000000-0000-4000-8000-000000000001';

  const webCryptoKey = await crypto.subtle.importKey(
    'jwk',
    minter.publicJwk,
    { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
    false,
    ['verify'],
  );
  const floor = async () => {
    const signatureAt = token.lastIndexOf('.');
    const signature = Buffer.from(token.slice(signatureAt + 1), 'base64url');
    return crypto.subtle.verify(
      'RSASSA-PKCS1-v1_5',
      webCryptoKey,
      signature,
      encoder.encode(token.slice(0, signatureAt)),
    );
  };
  // Node's own RSA verify, synchronous (no thread-pool hop): the floor for code running on Node.
  const nodeKey = createPublicKey({ key: { ...minter.publicJwk } as JsonWebKeyInput['key'], format: 'jwk' });
  const nodeFloor = async () => {
    const signatureAt = token.lastIndexOf('.');
    return verifySignature(
      'RSA-SHA256',
      Buffer.from(token.slice(0, signatureAt)),
      nodeKey,
      Buffer.from(token.slice(signatureAt + 1), 'base64url'),
    );
  };
  const jose = async () =>
    (await jwtVerify(token, minter.publicKey, { issuer: ISSUER, algorithms: ['RS256'] })).payload.sub;
  const awsVerifier = JwtVerifier.create({ issuer: ISSUER, audience: null, jwksUri: JWKS_URI });
  awsVerifier.cacheJwks(JSON.parse(minter.jwksText));
  const aws = async () => (await awsVerifier.verify(token)).sub;
  const base = { userPoolId: POOL_ID, clientId: CLIENT_ID, issuer: ISSUER, jwksUri: JWKS_URI, fetch: minter.fetch };
  // cacheSize 0: every call runs precheck, signature, issuer, token_use/client/time checks and the claims schema.
  const coldVerifier = createTokenVerifier({ ...base, cacheSize: 0 });
  const cold = async () => (await coldVerifier.verifyAccessToken(token)).payload.sub;
  const warmVerifier = createTokenVerifier(base);
  const warm = async () => (await warmVerifier.verifyAccessToken(token)).payload.sub;
  // A new verifier per call also parses the JWKS and imports the key: a process's first request.
  const fresh = async () => (await createTokenVerifier(base).verifyAccessToken(token)).payload.sub;

  const cases = {
    'floor: WebCrypto RS256 verify': floor,
    'node:crypto RS256 verify (sync)': nodeFloor,
    'jose jwtVerify (local key)': jose,
    'aws-jwt-verify JwtVerifier (cached JWKS)': aws,
    'ours cold (verify + checks + claims schema)': cold,
    'ours warm (already verified)': warm,
    'ours first call (new verifier: JWKS parse + key import)': fresh,
  } as const;
  // A benchmark that verifies nothing measures nothing: every case must accept this token.
  for (const [name, run] of Object.entries(cases)) {
    try {
      const answer = await run();
      if (answer !== true && answer !== expectedSub) result.broken.push(`${name}: answered ${String(answer)}`);
    } catch (error) {
      result.broken.push(`${name}: threw ${String(error)}`);
    }
  }
  if (result.broken.length) return result;

  const bench = new Bench({ time: options.timeMs, warmupTime: options.warmupMs });
  for (const [name, run] of Object.entries(cases)) bench.add(name, run);
  await bench.run();
  const meanMs = new Map<string, { mean: number; p99: number; samples: number }>();
  for (const task of bench.tasks) {
    const taskResult = task.result;
    if (taskResult.state !== 'completed') {
      result.broken.push(
        `${task.name}: ${taskResult.state === 'errored' ? String(taskResult.error) : taskResult.state}`,
      );
      continue;
    }
    meanMs.set(task.name, {
      mean: taskResult.latency.mean,
      p99: taskResult.latency.p99,
      samples: taskResult.latency.samplesCount,
    });
  }
  const floorMs = meanMs.get('floor: WebCrypto RS256 verify')?.mean;
  if (!floorMs || result.broken.length) return result;

  const us = (ms: number) => `${(ms * 1000).toFixed(ms < 0.01 ? 2 : 1)} µs`;
  for (const name of Object.keys(cases)) {
    const stats = meanMs.get(name)!;
    const slower = stats.mean / floorMs;
    const figure: BenchResult['figures'][number] = { figure: name, measured: `${us(stats.mean)} mean` };
    if (name.startsWith('floor')) {
      result.figures.push(figure);
      continue;
    }
    figure.ratio = slower >= 1 ? `${formatRatio(slower)} × floor` : `${formatRatio(1 / slower)} × faster than floor`;
    if (name.startsWith('ours cold')) Object.assign(figure, { target: '≤ 1.5 × floor', met: slower <= 1.5 });
    if (name.startsWith('ours warm')) Object.assign(figure, { target: '≥ 5 × faster', met: 1 / slower >= 5 });
    result.figures.push(figure);
  }
  result.notes.push(
    `tinybench, ${options.timeMs} ms per case after ${options.warmupMs} ms warm-up, sequential; one Cognito-shaped access token (RS256, 2048-bit key) minted with jose.`,
    'The floor splits the token, decodes the signature and runs crypto.subtle.verify with a pre-imported key: the least work any verifier must do per uncached token.',
    'Per-case mean / p99 / samples: ' +
      [...meanMs].map(([name, stats]) => `${name} ${us(stats.mean)} / ${us(stats.p99)} / ${stats.samples}`).join('; '),
    "Our verifier calls WebCrypto on Node as on the edge (one code path, no JWT library), so its cold row is judged against the WebCrypto floor. aws-jwt-verify's Node build verifies with synchronous node:crypto, which skips WebCrypto's thread-pool hop: the node:crypto row is what Node-only code could reach.",
  );
  return result;
}
