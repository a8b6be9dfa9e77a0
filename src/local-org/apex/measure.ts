/**
 * Measurements for `npm run bench` (issue 5 acceptance): statements per second on a CPU-bound Apex loop,
 * and the time to parse, link and check a set of class files. The bench script owns the reporting.
 */
import type { RuntimeCollaborators } from './collaborators.js';
import { ApexRuntime, type ApexSourceFile } from './runtime.js';

export interface StatementsMeasure {
  readonly statements: number;
  readonly ms: number;
  readonly perSecond: number;
}

/** Runs a CPU-bound anonymous block (arithmetic, a method call, a collection write per iteration). */
export function measureStatementsPerSecond(org: RuntimeCollaborators, iterations = 200000): StatementsMeasure {
  const runtime = new ApexRuntime(org);
  const source = `
    Integer sum = 0;
    List<Integer> buffer = new List<Integer>();
    for (Integer i = 0; i < ${iterations}; i++) {
      sum += Math.mod(i, 7);
      if (buffer.size() < 100) buffer.add(i);
    }
    System.debug(sum);`;
  const { it, run } = runtime.prepareAnonymous(source);
  const t0 = performance.now();
  run();
  const ms = performance.now() - t0;
  return { statements: it.statementCount, ms, perSecond: Math.round(it.statementCount / (ms / 1000)) };
}

export interface LoadMeasure {
  readonly files: number;
  readonly chars: number;
  readonly ms: number;
  readonly success: boolean;
  readonly problems: number;
}

/** Time to parse, link and check class files on a fresh runtime (the first parse includes parser warm-up). */
export function measureLoad(org: RuntimeCollaborators, files: readonly ApexSourceFile[]): LoadMeasure {
  const t0 = performance.now();
  const r = new ApexRuntime(org).compile(files);
  return {
    files: files.length,
    chars: files.reduce((n, f) => n + f.body.length, 0),
    ms: performance.now() - t0,
    success: r.success,
    problems: r.problems.length
  };
}
