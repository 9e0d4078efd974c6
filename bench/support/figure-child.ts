/**
 * Runs one in-process figure and prints its result as one marked JSON line: how run.ts measures a
 * figure on another Node (other-node.ts) with that Node's own crypto, V8 and undici.
 *   <node> --import tsx bench/support/figure-child.ts P2 '{"timeMs":2000,"warmupMs":300}'
 */
import { runP2 } from '../p2-verify';
import { RESULT_LINE } from './other-node';
import type { BenchResult } from './report';

const FIGURES: Record<string, (options: never) => Promise<BenchResult>> = { P2: runP2 };

const [id = '', options = '{}'] = process.argv.slice(2);
const figure = FIGURES[id];
if (!figure) throw new Error(`figure-child: no in-process figure ${id} (have ${Object.keys(FIGURES).join(', ')})`);
const result = await figure(JSON.parse(options) as never);
process.stdout.write(`${RESULT_LINE}${JSON.stringify(result)}\n`);
