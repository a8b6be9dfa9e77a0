/**
 * Text report of an Apex test run: one line per test method, failures with message and stack trace, a
 * coverage table per class, and the closing line `Apex tests: N passed, M failed`.
 */
import { percentCovered } from './coverage.js';
import type { TestRunReport } from './runner.js';

export interface ReportVerdict {
  readonly lines: string[];
  readonly passed: number;
  readonly failed: number;
  /** Classes under the required coverage. */
  readonly underCovered: string[];
  readonly ok: boolean;
}

function table(header: string[], rows: string[][], right: Set<number>): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (right.has(i) ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
}

/** Builds the report; `minCoverage` is the percentage every measured class must reach. */
export function formatTestReport(report: TestRunReport, minCoverage: number): ReportVerdict {
  const lines: string[] = [];
  for (const p of report.compileProblems) lines.push(`COMPILE ${p.file}:${p.line}:${p.column} ${p.message}`);
  for (const r of report.results) {
    lines.push(`${r.outcome === 'Pass' ? 'PASS' : 'FAIL'}  ${r.className}.${r.methodName} (${r.timeMs} ms)`);
    if (r.outcome === 'Fail') {
      lines.push(`      ${r.message ?? ''}`);
      for (const s of (r.stackTrace ?? '').split('\n').filter(Boolean)) lines.push(`        ${s}`);
    }
  }
  const underCovered: string[] = [];
  const rows = report.coverage.map((c) => {
    const pct = percentCovered(c);
    if (pct < minCoverage) underCovered.push(c.name);
    const total = c.coveredLines.length + c.uncoveredLines.length;
    const missing = c.uncoveredLines.length ? c.uncoveredLines.join(',') : '';
    return [c.name, `${c.coveredLines.length}/${total}`, `${pct}%`, missing];
  });
  lines.push('', ...table(['Class', 'Lines', 'Coverage', 'Uncovered lines'], rows, new Set([1, 2])));
  if (underCovered.length) lines.push(`Below ${minCoverage}% line coverage: ${underCovered.join(', ')}`);
  const passed = report.results.filter((r) => r.outcome === 'Pass').length;
  const failed = report.results.length - passed + report.compileProblems.length;
  lines.push(`Apex tests: ${passed} passed, ${failed} failed`);
  return { lines, passed, failed, underCovered, ok: failed === 0 && underCovered.length === 0 && passed > 0 };
}
