/** The shape every benchmark returns, and the Markdown table run.ts writes from them. */

export interface Figure {
  figure: string;
  measured: string;
  /** The comparison made in the same run, e.g. "0.91 × unprotected". */
  ratio?: string;
  target?: string;
  /** Undefined when the figure has no target or could not be compared. */
  met?: boolean;
}

export interface BenchResult {
  id: string;
  title: string;
  figures: Figure[];
  /** How it was measured, caveats, raw per-run numbers. */
  notes: string[];
  /** Set when the benchmark itself is broken (crash, 5xx, wrong answer): smoke exits 1. */
  broken: string[];
}

export function formatRatio(value: number): string {
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

export function table(results: BenchResult[]): string {
  const lines = ['| # | Figure | Measured | Ratio (same run) | Target | Met |', '|---|---|---|---|---|---|'];
  for (const result of results) {
    for (const figure of result.figures) {
      const met = figure.met === undefined ? '—' : figure.met ? 'yes' : 'no';
      lines.push(
        `| ${result.id} | ${figure.figure} | ${figure.measured} | ${figure.ratio ?? '—'} | ${figure.target ?? '—'} | ${met} |`,
      );
    }
  }
  return lines.join('\n');
}

export function notes(results: BenchResult[]): string {
  return results
    .map((result) => {
      const body = [...result.notes, ...result.broken.map((problem) => `**BROKEN:** ${problem}`)];
      return `### ${result.id} — ${result.title}\n\n${body.map((line) => `- ${line}`).join('\n')}`;
    })
    .join('\n\n');
}
