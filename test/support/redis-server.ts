/**
 * A real `redis-server` (Debian's package; .ci/run installs it) on a free 127.0.0.1 port, with
 * no persistence, stopped by PID. `kill()` is SIGKILL — Redis dying mid-request — and
 * `restart()` brings a fresh, empty one back on the same port.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createConnection, createServer } from 'node:net';

const REDIS_BIN = process.env.REDIS_SERVER_BIN ?? '/usr/bin/redis-server';

export interface RedisServer {
  readonly url: string;
  readonly port: number;
  /** SIGKILL, then waits for the process to be gone. */
  kill(): Promise<void>;
  restart(): Promise<void>;
  stop(): Promise<void>;
  /** Sends one inline command and returns Redis's raw reply (RESP), for tests that look inside. */
  command(...args: string[]): Promise<string>;
}

export async function startRedis(): Promise<RedisServer> {
  const port = await freePort();
  let child = await launch(port);
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    kill: () => stopProcess(child, 'SIGKILL'),
    async restart() {
      await stopProcess(child, 'SIGKILL');
      child = await launch(port);
    },
    stop: () => stopProcess(child, 'SIGTERM'),
    command: (...args) => rawCommand(port, args),
  };
}

async function launch(port: number): Promise<ChildProcess> {
  const child = spawn(
    REDIS_BIN,
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--protected-mode',
      'no',
      '--enable-debug-command',
      'local',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  // A missing binary is an 'error' event, which would otherwise crash the test process.
  let spawnError: Error | undefined;
  child.once('error', (error) => (spawnError = error));
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (spawnError)
      throw new Error(`cannot start ${REDIS_BIN} (apt-get install -y redis-server): ${spawnError.message}`);
    if (child.exitCode !== null) throw new Error(`redis-server exited (${child.exitCode}):\n${output}`);
    try {
      if ((await rawCommand(port, ['PING'])).startsWith('+PONG')) return child;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`redis-server did not answer on ${port} within 10 s:\n${output}`);
}

async function stopProcess(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  await exited;
}

/** RESP array of bulk strings: values may hold any byte, spaces included. */
function rawCommand(port: number, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let reply = '';
    socket.setTimeout(2000, () => socket.destroy(new Error('redis command timed out')));
    socket.on('error', reject);
    socket.on('data', (chunk) => {
      reply += chunk;
      if (complete(reply)) {
        socket.end();
        resolve(reply);
      }
    });
    socket.write(`*${args.length}\r\n${args.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`).join('')}`);
  });
}

/** Enough of RESP to know a simple, integer, error, bulk or flat array reply has arrived. */
function complete(reply: string): boolean {
  if (!reply.includes('\r\n')) return false;
  const type = reply[0];
  if (type === '+' || type === '-' || type === ':') return true;
  const lines = reply.split('\r\n');
  if (type === '$') return Number(lines[0]!.slice(1)) < 0 || lines.length >= 3;
  if (type === '*') {
    const count = Number(lines[0]!.slice(1));
    return count <= 0 || lines.length >= 2 * count + 2;
  }
  return true;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
