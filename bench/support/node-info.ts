/**
 * What a node executable the sign-in figures start servers with can do: its version, and
 * whether it has `process.getBuiltinModule` (Node ≥ 20.16), without which `modPow` computes in
 * BigInt even when asked for native maths — a run that compares nothing, which must say so.
 */
import { spawnSync } from 'node:child_process';

export interface NodeInfo {
  path: string;
  version: string;
  hasNativeSrpMath: boolean;
}

export function nodeInfo(node: string = process.execPath): NodeInfo {
  const answer = spawnSync(node, ['-p', 'process.version + " " + typeof process.getBuiltinModule'], {
    encoding: 'utf8',
  });
  if (answer.status !== 0) throw new Error(`${node} does not run: ${answer.stderr || answer.error?.message}`);
  const [version = '?', builtin] = answer.stdout.trim().split(' ');
  return { path: node, version, hasNativeSrpMath: builtin === 'function' };
}

/** The note a result carries when the "native" run could not be native. */
export function nativeMathWarning(info: NodeInfo): string[] {
  return info.hasNativeSrpMath
    ? []
    : [
        `**${info.path} (${info.version}) has no process.getBuiltinModule: the "native" run computed in BigInt too, so the ratios compare nothing.**`,
      ];
}
