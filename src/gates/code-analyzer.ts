/**
 * Gate: Salesforce Code Analyzer v5, in-process (@salesforce/code-analyzer-core with the PMD and regex
 * engines; PMD runs on the machine's Java), configured by code-analyzer.yml. Violations of severity 1-2
 * (Critical, High — PMD priorities 1-2) fail; the rest are notes.
 * https://developer.salesforce.com/docs/platform/salesforce-code-analyzer/guide/code-analyzer.html
 * (the PMD engine needs JDK 11+: https://developer.salesforce.com/docs/platform/salesforce-code-analyzer/guide/analyze.html)
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { CodeAnalyzer, CodeAnalyzerConfig, type Violation } from '@salesforce/code-analyzer-core';
import * as pmdEngine from '@salesforce/code-analyzer-pmd-engine';
import * as regexEngine from '@salesforce/code-analyzer-regex-engine';
import { listFiles, relativeTo } from './files.js';
import { GateSetupError, type GateProblem, type GateResult } from './problem.js';

/**
 * What the gate runs: every PMD Apex rule in the categories the v4 gate ran (v5 adds the AppExchange security
 * rules to Security), and the regex engine's recommended rules. PMD's JavaScript rules stay out: its parser
 * misreads LWC modules (GlobalVariable on every `const`), and ESLint's LWC rules already gate them (lint-lwc).
 */
export const RULE_SELECTORS = ['pmd:Apex:(Security,ErrorProne,Performance,BestPractices)', 'regex:Recommended'];

/** Violations at this severity or more urgent (1 Critical, 2 High) fail the gate. */
export const FAILING_SEVERITY = 2;

export const CONFIG_FILE = 'code-analyzer.yml';

function toProblem(projectDir: string, v: Violation): GateProblem {
  const at = v.getPrimaryLocation();
  const rule = v.getRule();
  return {
    file: relativeTo(projectDir, at.getFile() ?? ''),
    line: at.getStartLine() ?? 0,
    column: at.getStartColumn() ?? 0,
    message: `${v.getMessage().trim()} (severity ${rule.getSeverityLevel()})`,
    rule: `${rule.getEngineName()}:${rule.getName()}`
  };
}

/** Runs the selected rules over `dirs` of the project. */
export async function checkCodeAnalyzer(projectDir: string, dirs: string[]): Promise<GateResult> {
  const configFile = path.join(projectDir, CONFIG_FILE);
  if (!existsSync(configFile))
    throw new GateSetupError(
      'code-analyzer',
      `${CONFIG_FILE} is missing in ${projectDir}`,
      'Restore it from the repository: it holds the engine settings and the severity overrides the gate relies on.'
    );
  const config = CodeAnalyzerConfig.fromFile(configFile);
  const analyzer = new CodeAnalyzer(config);
  await analyzer.addEnginePlugin(pmdEngine.createEnginePlugin());
  await analyzer.addEnginePlugin(regexEngine.createEnginePlugin());
  const workspace = await analyzer.createWorkspace(dirs.map((d) => path.resolve(projectDir, d)));
  const selection = await analyzer.selectRules(RULE_SELECTORS, { workspace });
  const results = await analyzer.run(selection, { workspace });
  const problems: GateProblem[] = [];
  const notes: GateProblem[] = [];
  // An engine that cannot run (no Java for PMD) reports an UninstantiableEngineError or UnexpectedEngineError
  // violation of severity 1: it fails the gate with the engine's own message.
  for (const v of results.getViolations())
    (v.getRule().getSeverityLevel() <= FAILING_SEVERITY ? problems : notes).push(toProblem(projectDir, v));
  const checked = (
    await Promise.all(dirs.map((dir) => listFiles(path.resolve(projectDir, dir), ['.cls', '.trigger'])))
  ).flat().length;
  return { gate: 'code-analyzer', checked, problems, notes };
}
