#!/usr/bin/env node
/**
 * `next-cognito-idp` (in this repository also `npm run idp --`) — runs the local IdP in the foreground and prints what an app needs to use it.
 *
 *   next-cognito-idp --port 9229 --memory     (`--help` lists every flag, its env var and default)
 */
import { parseArgs } from 'node:util';
import { startIdp, DEFAULT_PORT, type AdminCredentials, type RunningIdp } from './index.js';
import { appEnvBlock } from './app-env.js';
import { loadSeed } from './seed.js';

const DEFAULT_DATA_FILE = '.idp-data/state.json';

const USAGE = `usage: next-cognito-idp [options]            run a local Cognito user pool in the foreground
       next-cognito-idp rotate-keys [--port N]  rotate the signing keys of one that is running

  --port N                  port to listen on, 0 = any free one (env IDP_PORT; default ${DEFAULT_PORT})
  --host H                  interface to listen on (env IDP_HOST; default 127.0.0.1)
  --data FILE               state file, relative to the working directory
                            (env IDP_DATA_FILE; default ${DEFAULT_DATA_FILE})
  --memory                  keep state in memory only, nothing on disk
  --issuer local|aws        iss of the tokens: this server's URL (default) or AWS's form
  --access-token-seconds N  access-token life for every seeded client (default 3600)
  --pre-token-hook FILE     module whose default export is the pre-token-generation hook
  --seed FILE               clients, groups and users for new state (default: the demo seed)
  --pool-id ID              default us-east-1_LocalPool
  --rotate-keys             rotate the signing keys at start-up
  --admin-access-key-id ID  with --admin-secret-access-key: the key pair admin operations must be
  --admin-secret-access-key S  SigV4-signed with (env IDP_ADMIN_ACCESS_KEY_ID / IDP_ADMIN_SECRET_ACCESS_KEY;
                            default the printed local pair, not an AWS key)
  -h, --help                this text

The banner prints the COGNITO_* env block for next-cognito-session and the Amplify.configure call.`;

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
    ...(!values.memory && { dataFile: values.data ?? process.env.IDP_DATA_FILE ?? DEFAULT_DATA_FILE }),
    ...(values.issuer && { issuerMode: values.issuer as 'aws' | 'local' }),
    ...(accessTokenValiditySeconds !== undefined && { accessTokenValiditySeconds }),
    ...(values['pre-token-hook'] && { preTokenGeneration: values['pre-token-hook'] }),
    ...(values.seed && { seed: values.seed }),
    ...(values['pool-id'] && { poolId: values['pool-id'] }),
    ...(adminCredentials && { adminCredentials }),
  });
  if (values['rotate-keys']) await idp.rotateKeys();
  await printBanner(
    idp,
    values.seed,
    values.memory ? undefined : (values.data ?? process.env.IDP_DATA_FILE ?? DEFAULT_DATA_FILE),
  );

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
      const rotation =
        c.refreshTokenRotation.feature === 'ENABLED'
          ? `rotation on, grace ${c.refreshTokenRotation.retryGracePeriodSeconds}s`
          : 'rotation off';
      return `    ${c.clientId}  ${c.name}  (${rotation}, access ${c.accessTokenValiditySeconds}s)${c.clientId === idp.defaultClientId ? '  [default]' : ''}`;
    }),
    '  demo users (seeded into new state; later password changes are not shown)',
    ...seed.users.map(
      (u) => `    ${u.username}  /  ${u.password}${u.groups.length ? `  groups: ${u.groups.join(', ')}` : ''}`,
    ),
    `  admin operations (AdminCreateUser, …): SigV4 with this key pair, region ${idp.region}`,
    `    access key id      ${idp.adminCredentials.accessKeyId}`,
    `    secret access key  ${idp.adminCredentials.secretAccessKey}`,
    `  test knobs     ${idp.url}/_local/faults   ${idp.url}/_local/stats   (Content-Type: application/json)`,
    ...appEnvBlock(idp),
  ];
  console.log(lines.join('\n'));
}

/** Both halves or neither: half a key pair is a typo, not a configuration. */
function adminKeyPair(
  accessKeyId: string | undefined,
  secretAccessKey: string | undefined,
): AdminCredentials | undefined {
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
