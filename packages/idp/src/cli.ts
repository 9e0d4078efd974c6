#!/usr/bin/env node
/**
 * `next-cognito-idp` (in this repository also `npm run idp --`) — runs the local IdP in the foreground and prints what an app needs to use it.
 *
 *   next-cognito-idp [--port 9229] [--data .idp-data/state.json | --memory] [--issuer local|aws]
 *                  [--access-token-seconds N] [--pre-token-hook ./hook.mjs] [--rotate-keys]
 *                [--admin-access-key-id ID --admin-secret-access-key SECRET]
 *   next-cognito-idp rotate-keys [--port 9229]      rotate the keys of an IdP that is running
 *
 * Env: IDP_PORT, IDP_DATA_FILE, IDP_HOST, IDP_ADMIN_ACCESS_KEY_ID, IDP_ADMIN_SECRET_ACCESS_KEY.
 */
import { parseArgs } from 'node:util';
import { startIdp, DEFAULT_PORT, type AdminCredentials, type RunningIdp } from './index.js';
import { loadSeed } from './seed.js';

const USAGE = `usage: next-cognito-idp [--port N] [--data FILE | --memory] [--issuer local|aws]
               [--access-token-seconds N] [--pre-token-hook FILE] [--seed FILE] [--rotate-keys]
               [--admin-access-key-id ID --admin-secret-access-key SECRET]
       next-cognito-idp rotate-keys [--port N]`;

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      data: { type: 'string' },
      memory: { type: 'boolean' },
      issuer: { type: 'string' },
      'access-token-seconds': { type: 'string' },
      'pre-token-hook': { type: 'string' },
      seed: { type: 'string' },
      'pool-id': { type: 'string' },
      'rotate-keys': { type: 'boolean' },
      'admin-access-key-id': { type: 'string' },
      'admin-secret-access-key': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = integer(values.port ?? process.env.IDP_PORT, 'port') ?? DEFAULT_PORT;
  const host = values.host ?? process.env.IDP_HOST ?? '127.0.0.1';

  if (positionals[0] === 'rotate-keys') {
    const response = await fetch(`http://${host}:${port}/_local/rotate-keys`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
    });
    if (!response.ok) throw new Error(`rotate-keys failed: HTTP ${response.status}`);
    console.log(`rotated the signing keys of the IdP on port ${port}`);
    return;
  }
  if (positionals.length > 0) throw new Error(`unknown command ${positionals[0]}\n${USAGE}`);
  if (values.issuer !== undefined && values.issuer !== 'aws' && values.issuer !== 'local') {
    throw new Error('--issuer must be aws or local');
  }
  const accessTokenValiditySeconds = integer(values['access-token-seconds'], 'access-token-seconds');
  const adminCredentials = adminKeyPair(
    values['admin-access-key-id'] ?? process.env.IDP_ADMIN_ACCESS_KEY_ID,
    values['admin-secret-access-key'] ?? process.env.IDP_ADMIN_SECRET_ACCESS_KEY,
  );

  const idp = await startIdp({
    port,
    host,
    ...(!values.memory && { dataFile: values.data ?? process.env.IDP_DATA_FILE ?? '.idp-data/state.json' }),
    ...(values.issuer && { issuerMode: values.issuer as 'aws' | 'local' }),
    ...(accessTokenValiditySeconds !== undefined && { accessTokenValiditySeconds }),
    ...(values['pre-token-hook'] && { preTokenGeneration: values['pre-token-hook'] }),
    ...(values.seed && { seed: values.seed }),
    ...(values['pool-id'] && { poolId: values['pool-id'] }),
    ...(adminCredentials && { adminCredentials }),
  });
  if (values['rotate-keys']) await idp.rotateKeys();
  await printBanner(idp, values.seed, values.memory ? undefined : (values.data ?? process.env.IDP_DATA_FILE ?? '.idp-data/state.json'));

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`${signal}: closing the IdP`);
    idp.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

async function printBanner(idp: RunningIdp, seedPath: string | undefined, dataFile: string | undefined): Promise<void> {
  const seed = await loadSeed(seedPath);
  const lines = [
    `Local Cognito IdP listening on ${idp.url}`,
    `  user pool id   ${idp.poolId}   (region ${idp.region})`,
    `  issuer         ${idp.issuer}`,
    `  JWKS           ${idp.jwksUri}`,
    `  state          ${dataFile ?? 'in memory only'}`,
    '  app clients',
    ...idp.clients.map((c) => {
      const rotation = c.refreshTokenRotation.feature === 'ENABLED'
        ? `rotation on, grace ${c.refreshTokenRotation.retryGracePeriodSeconds}s`
        : 'rotation off';
      return `    ${c.clientId}  ${c.name}  (${rotation}, access ${c.accessTokenValiditySeconds}s)${c.clientId === idp.defaultClientId ? '  [default]' : ''}`;
    }),
    '  demo users (seeded into new state; later password changes are not shown)',
    ...seed.users.map((u) => `    ${u.username}  /  ${u.password}${u.groups.length ? `  groups: ${u.groups.join(', ')}` : ''}`),
    `  admin operations (AdminCreateUser, …): SigV4 with this key pair, region ${idp.region}`,
    `    access key id      ${idp.adminCredentials.accessKeyId}`,
    `    secret access key  ${idp.adminCredentials.secretAccessKey}`,
    `  test knobs     ${idp.url}/_local/faults   ${idp.url}/_local/stats   (Content-Type: application/json)`,
  ];
  console.log(lines.join('\n'));
}

/** Both halves or neither: half a key pair is a typo, not a configuration. */
function adminKeyPair(accessKeyId: string | undefined, secretAccessKey: string | undefined): AdminCredentials | undefined {
  if (accessKeyId === undefined && secretAccessKey === undefined) return undefined;
  if (!accessKeyId || !secretAccessKey) {
    throw new Error('--admin-access-key-id and --admin-secret-access-key (or IDP_ADMIN_*) must be given together');
  }
  return { accessKeyId, secretAccessKey };
}

function integer(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`--${name} must be a non-negative integer`);
  return parsed;
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
