import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { listFiles, relativeTo } from './files.js';
import { GateSetupError, type GateProblem, type GateResult } from './problem.js';

const run = promisify(execFile);
const require = createRequire(import.meta.url);

/**
 * The Apex rule categories that Salesforce Code Analyzer recommends for AppExchange-quality code.
 * https://docs.pmd-code.org/latest/pmd_rules_apex.html
 */
export const PMD_CATEGORIES = ['security', 'errorprone', 'performance', 'bestpractices'].map(
  (category) => `category/apex/${category}.xml`
);

/** Violations at this priority or more urgent (1 is the highest) fail the gate. */
export const FAILING_PRIORITY = 2;

interface PmdReport {
  files: {
    filename: string;
    violations: { beginline: number; begincolumn: number; description: string; rule: string; priority: number }[];
  }[];
  processingErrors?: { filename: string; message: string }[];
}

/**
 * Locates PMD's jars. They come from the `@salesforce/sfdx-scanner` package (the Salesforce Code
 * Analyzer v4 plugin), installed by `npm install` as a devDependency, so no plugin install is needed.
 */
export function pmdClasspath(): string {
  let scannerPackage: string;
  try {
    scannerPackage = require.resolve('@salesforce/sfdx-scanner/package.json');
  } catch {
    throw new GateSetupError('pmd', '@salesforce/sfdx-scanner is not installed', 'Run `npm install`.');
  }
  return path.join(path.dirname(scannerPackage), 'dist', 'pmd7', 'lib', '*');
}

/** Gate: PMD's Apex rules over `dirs`; priority 1–2 violations fail, the rest are notes. */
export async function checkPmd(projectDir: string, dirs: string[]): Promise<GateResult> {
  const args = [
    '-cp',
    pmdClasspath(),
    'net.sourceforge.pmd.cli.PmdCli',
    'check',
    '--no-cache',
    '--no-progress',
    '-f',
    'json',
    '-R',
    PMD_CATEGORIES.join(','),
    '-d',
    ...dirs.map((dir) => path.resolve(projectDir, dir))
  ];
  let stdout: string;
  try {
    // PMD exits 4 when it finds violations; the JSON report is on stdout either way.
    stdout = (await run('java', args, { maxBuffer: 64 * 1024 * 1024 })).stdout;
  } catch (error) {
    const failed = error as { code?: number | string; stdout?: string; stderr?: string };
    if (failed.code === 'ENOENT') {
      throw new GateSetupError(
        'pmd',
        'java is not on the PATH',
        'Install a Java 11+ runtime (e.g. `apt-get install openjdk-17-jre-headless`).'
      );
    }
    if (failed.code !== 4 || !failed.stdout) {
      throw new GateSetupError(
        'pmd',
        `PMD failed (exit ${String(failed.code)}): ${failed.stderr ?? ''}`.trim(),
        'Check the Java installation and the rule set names.'
      );
    }
    stdout = failed.stdout;
  }
  const report = JSON.parse(stdout) as PmdReport;
  const problems: GateProblem[] = [];
  const notes: GateProblem[] = [];
  for (const file of report.files) {
    for (const violation of file.violations) {
      const finding: GateProblem = {
        file: relativeTo(projectDir, file.filename),
        line: violation.beginline,
        column: violation.begincolumn,
        message: `${violation.description} (priority ${violation.priority})`,
        rule: `pmd:${violation.rule}`
      };
      (violation.priority <= FAILING_PRIORITY ? problems : notes).push(finding);
    }
  }
  for (const error of report.processingErrors ?? []) {
    problems.push({
      file: relativeTo(projectDir, error.filename),
      line: 0,
      column: 0,
      message: error.message.split('\n')[0] ?? '',
      rule: 'pmd:processing-error'
    });
  }
  const checked = (
    await Promise.all(dirs.map((dir) => listFiles(path.resolve(projectDir, dir), ['.cls', '.trigger'])))
  ).flat().length;
  return { gate: 'pmd', checked, problems, notes };
}
