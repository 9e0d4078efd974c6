/** What the numbers were measured on: machine and the versions that matter. */
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { REPO } from './next-app';

const PACKAGES = [
  'next',
  'aws-jwt-verify',
  'jose',
  '@aws-amplify/adapter-nextjs',
  'aws-amplify',
  'autocannon',
  'tinybench',
];

export function machine(): Record<string, string> {
  const cores = cpus();
  return {
    CPU: cores[0]?.model.trim() ?? 'unknown',
    Cores: String(cores.length),
    RAM: `${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    OS: `${process.platform} ${process.arch}`,
    node: process.version,
    ...Object.fromEntries(PACKAGES.map((name) => [name, installedVersion(name)])),
  };
}

function installedVersion(name: string): string {
  try {
    return (JSON.parse(readFileSync(join(REPO, 'node_modules', name, 'package.json'), 'utf8')) as { version: string })
      .version;
  } catch {
    return 'not installed';
  }
}
