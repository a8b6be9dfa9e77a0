/**
 * Deploying force-app with @salesforce/source-deploy-retrieve: replacements from
 * sfdx-project.json (https://developer.salesforce.com/docs/atlas.en-us.sfdx_dev.meta/sfdx_dev/sfdx_dev_ws_string_replace.htm),
 * RunSpecifiedTests over the project's *_Tests classes, progress from the deploy status polls.
 */
import { join, relative } from 'node:path';
import { Lifecycle, type Connection } from '@salesforce/core';
import { Duration } from '@salesforce/kit';
import {
  type ComponentSet,
  ComponentSetBuilder,
  ComponentStatus,
  type DeployResult,
  type MetadataApiDeployStatus
} from '@salesforce/source-deploy-retrieve';
import { ConfigurationError, DeployFailedError, TimeoutError, toToolchainError } from './errors.js';
import { CLIENT_APP_TYPES, componentsFor, ORG_SETTINGS_DIR, replacementsFor, type DeployPhase } from './phases.js';
import { fingerprint, readCache, writeCache } from './deployCache.js';
import { NAMES } from './names.js';
import type { Ux } from './output.js';
import {
  assertEnvironment,
  findTestClasses,
  loadDotEnv,
  readProject,
  requiredEnvVariables,
  type ProjectInfo
} from './project.js';
import { renderTable } from './table.js';
import type { TestLevel } from './testLevels.js';
import { testLevelFor, type OrgType } from './orgType.js';

/** A report's test level: `Default` when none was sent (the org decides; see orgType.ts). */
export type ReportTestLevel = TestLevel | 'Default';

export type ComponentProblem = {
  file: string;
  line: number | null;
  column: number | null;
  type: string;
  name: string;
  problem: string;
};
export type TestFailure = { className: string; method: string; message: string; stackTrace: string };
export type Coverage = { className: string; covered: number; total: number; percent: number };

export type DeployReport = {
  id: string;
  status: string;
  success: boolean;
  componentsDeployed: number;
  componentsTotal: number;
  testLevel: ReportTestLevel;
  runTests: string[];
  componentFailures: ComponentProblem[];
  testsRun: number;
  testFailures: TestFailure[];
  coverage: Coverage[];
  coverageWarnings: string[];
};

const asArray = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];
const num = (value: unknown): number => (value === undefined || value === null || value === '' ? 0 : Number(value));
const truthy = (value: unknown): boolean => value === true || value === 'true';

/** The org's My Domain URL as the replacements expect it: no trailing slash. */
export function myDomainUrl(connection: Connection): string {
  return connection.instanceUrl.replace(/\/+$/, '');
}

/**
 * Prepares the environment for the replacements: loads .env, sets DATED_RATES_MY_DOMAIN_URL
 * from the connection, checks that every required variable is set, and copies them into
 * process.env (where SDR reads them).
 * @throws ConfigurationError naming the missing variables
 */
export function prepareEnvironment(
  project: ProjectInfo,
  connection: Connection,
  env: Record<string, string | undefined>,
  phase: DeployPhase = 'all'
): string[] {
  loadDotEnv(project.dir, env);
  env[NAMES.myDomainEnv] = myDomainUrl(connection);
  const replacements = replacementsFor(project.replacements, phase);
  try {
    assertEnvironment(replacements, env);
  } catch (error) {
    const firstPhaseMissing = requiredEnvVariables(replacementsFor(replacements, 'client-app'), env).filter(
      (n) => !env[n]
    );
    if (phase === 'all' && error instanceof ConfigurationError && firstPhaseMissing.length === 0) {
      throw new ConfigurationError(error.message, [
        'First deploy to this org? Deploy the external client app first: npm run deploy -- -o <org> --client-app-only',
        'Then copy its Consumer Key and Secret (Setup > External Client App Manager > Dated Rates Org Client > Settings > OAuth Settings) into .env and deploy again.',
        ...error.actions
      ]);
    }
    throw error;
  }
  const names = [...new Set([NAMES.myDomainEnv, ...requiredEnvVariables(replacements, env)])];
  if (env !== process.env) {
    for (const name of [
      ...names,
      ...project.replacements.flatMap((r) => (r.replaceWithEnv ? [r.replaceWithEnv] : []))
    ]) {
      if (env[name] !== undefined) process.env[name] = env[name];
    }
  }
  return names;
}

/** Builds the report from SDR's result (file responses carry local paths, line and column). */
export function buildReport(
  result: Pick<DeployResult, 'response' | 'getFileResponses'>,
  projectDir: string,
  runTests: string[],
  testLevel: ReportTestLevel = runTests.length ? 'RunSpecifiedTests' : 'NoTestRun'
): DeployReport {
  const response: MetadataApiDeployStatus = result.response;
  const details = response.details ?? {};
  const failures: ComponentProblem[] = result
    .getFileResponses()
    .filter((f) => f.state === ComponentStatus.Failed)
    .map((f) => {
      const failure = f as {
        filePath?: string;
        lineNumber?: number;
        columnNumber?: number;
        error?: string;
        type: string;
        fullName: string;
      };
      return {
        file: failure.filePath
          ? relative(projectDir, failure.filePath) || failure.filePath
          : `${failure.type}:${failure.fullName}`,
        line: failure.lineNumber ?? null,
        column: failure.columnNumber ?? null,
        type: failure.type,
        name: failure.fullName,
        problem: failure.error ?? 'unknown problem'
      };
    });
  if (failures.length === 0) {
    for (const m of asArray(details.componentFailures)) {
      failures.push({
        file: m.fileName,
        line: m.lineNumber ? Number(m.lineNumber) : null,
        column: m.columnNumber ? Number(m.columnNumber) : null,
        type: m.componentType ?? '',
        name: m.fullName,
        problem: m.problem ?? 'unknown problem'
      });
    }
  }
  const tests = details.runTestResult;
  const testFailures = asArray(tests?.failures).map((f) => ({
    className: f.name,
    method: f.methodName,
    message: f.message,
    stackTrace: typeof f.stackTrace === 'string' ? f.stackTrace : ''
  }));
  const coverage = asArray(tests?.codeCoverage)
    .map((c) => {
      const total = num(c.numLocations);
      const covered = total - num(c.numLocationsNotCovered);
      return {
        className: c.name,
        covered,
        total,
        percent: total === 0 ? 100 : Math.round((covered / total) * 1000) / 10
      };
    })
    .sort((a, b) => a.className.localeCompare(b.className));
  return {
    id: response.id,
    status: String(response.status),
    success: truthy(response.success),
    componentsDeployed: num(response.numberComponentsDeployed),
    componentsTotal: num(response.numberComponentsTotal),
    testLevel,
    runTests,
    componentFailures: failures,
    testsRun: num(tests?.numTestsRun),
    testFailures,
    coverage,
    coverageWarnings: asArray(tests?.codeCoverageWarnings).map((w) => String(w.message))
  };
}

/** `file:line:column problem` for one component failure. */
export function formatProblem(p: ComponentProblem): string {
  const where = p.line !== null ? `${p.file}:${p.line}:${p.column ?? 1}` : p.file;
  return `${where} ${p.problem}`;
}

export function formatReport(report: DeployReport): string[] {
  const lines = [
    `Deploy ${report.id}: ${report.status} (${report.componentsDeployed}/${report.componentsTotal} components, ${report.testLevel}${
      report.runTests.length ? ` ${report.runTests.length} test classes` : ''
    })`
  ];
  if (report.componentFailures.length) {
    lines.push('', 'Component failures:', ...report.componentFailures.map((p) => `  ${formatProblem(p)}`));
  }
  if (report.testFailures.length) {
    lines.push(
      '',
      'Test failures:',
      ...renderTable(report.testFailures, [
        { header: 'Test', get: (f) => `${f.className}.${f.method}` },
        { header: 'Message', get: (f) => f.message },
        { header: 'Stack trace', get: (f) => f.stackTrace }
      ])
    );
  }
  if (report.coverage.length) {
    lines.push(
      '',
      `Apex tests run: ${report.testsRun}, failed: ${report.testFailures.length}. Coverage:`,
      ...renderTable(report.coverage, [
        { header: 'Class', get: (c) => c.className },
        { header: 'Covered', get: (c) => `${c.covered}/${c.total}`, align: 'right' },
        { header: '%', get: (c) => c.percent.toFixed(1), align: 'right' }
      ])
    );
  }
  if (report.coverageWarnings.length) {
    lines.push('', 'Coverage warnings:', ...report.coverageWarnings.map((w) => `  ${w}`));
  }
  return lines;
}

export type DeployOptions = {
  connection: Connection;
  projectDir: string;
  env: Record<string, string | undefined>;
  ux: Ux;
  waitMs: number;
  /** `client-app`: the first phase of a first deploy (see phases.ts). */
  phase?: DeployPhase;
  /** Default RunSpecifiedTests over the project's *_Tests classes. */
  testLevel?: TestLevel;
  /** The target org's type (orgType.ts): decides the test level of each phase. */
  orgType?: OrgType;
};

export type ComponentDeployOptions = {
  connection: Connection;
  /** What to deploy: a built component set, or (without one) the source paths to build it from. */
  components?: ComponentSet;
  sourcepath?: string[];
  sourceApiVersion?: string;
  /** The project the sources belong to (its sfdx-project.json replacements apply). */
  projectDir: string;
  /** undefined: no test level sent (the org decides). */
  testLevel?: TestLevel;
  /** The classes of RunSpecifiedTests. */
  runTests?: string[];
  waitMs: number;
  /** Shows the deploy's progress when given. */
  ux?: Ux;
};

/**
 * The toolchain's one way to deploy a component set: Metadata API deploy with rollbackOnError, progress
 * from the status polls, and the deploy report (success or not; the caller decides what a failure means).
 * @throws TimeoutError when the wait runs out
 */
export async function deployComponents(options: ComponentDeployOptions): Promise<DeployReport> {
  const { connection, ux, testLevel } = options;
  const runTests = options.runTests ?? [];
  const components =
    options.components ??
    (await ComponentSetBuilder.build({
      sourcepath: options.sourcepath ?? [],
      projectDir: options.projectDir,
      sourceapiversion: options.sourceApiVersion
    }));
  const deploy = await components.deploy({
    usernameOrConnection: connection,
    apiOptions:
      testLevel === undefined
        ? { rollbackOnError: true }
        : testLevel === 'RunSpecifiedTests'
          ? { testLevel, runTests, rollbackOnError: true }
          : { testLevel, rollbackOnError: true }
  });
  if (ux)
    deploy.onUpdate((status) => {
      const s = status as MetadataApiDeployStatus;
      const tests = num(s.numberTestsTotal) ? `, tests ${num(s.numberTestsCompleted)}/${num(s.numberTestsTotal)}` : '';
      ux.progressBar(
        num(s.numberComponentsDeployed),
        num(s.numberComponentsTotal),
        `components ${s.status}${tests}${s.stateDetail ? ` — ${s.stateDetail}` : ''}`
      );
    });
  let result: DeployResult;
  try {
    result = await deploy.pollStatus({ timeout: Duration.milliseconds(options.waitMs) });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/time.?out|timed out/i.test(message)) {
      throw new TimeoutError(`deploy ${deploy.id ?? ''}`.trim(), Math.round(options.waitMs / 1000), [
        'The deploy continues in the org: Setup > Deployment Status.',
        'Run again with a longer --wait.'
      ]);
    }
    throw toToolchainError(error);
  }
  ux?.clearProgress();
  return buildReport(result, options.projectDir, runTests, testLevel ?? 'Default');
}

/**
 * Deploys the package directories and waits for the result.
 * @throws ConfigurationError when a replacement variable is missing
 * @throws DeployFailedError (data: the report) when the deploy does not succeed
 * @throws TimeoutError when the wait runs out
 */
export async function deployProject(options: DeployOptions): Promise<DeployReport> {
  // SDR reports replacement and conversion warnings through the Lifecycle: show them as ours
  const lifecycle = Lifecycle.getInstance();
  const before = lifecycle.getListeners('warning').length;
  lifecycle.onWarning(async (warning) => options.ux.warn(warning));
  try {
    return await deployProjectInner(options);
  } finally {
    if (before === 0) lifecycle.removeAllListeners('warning');
  }
}

async function deployProjectInner(options: DeployOptions): Promise<DeployReport> {
  const { connection, ux } = options;
  const phase = options.phase ?? 'all';
  const project = readProject(options.projectDir);
  const print = deployFingerprint(project, connection, options.env, phase);
  // the phases other than `all` carry no Apex: no tests (and, in production, no test level at all)
  let testLevel = testLevelFor(options.orgType, phase, options.testLevel);
  const runTests = testLevel === 'RunSpecifiedTests' ? findTestClasses(project) : [];
  if (testLevel === 'RunSpecifiedTests' && !runTests.length) {
    if (options.orgType === 'production') {
      ux.warn('No *_Tests classes found: deploying with RunLocalTests (a production org requires tests).');
      testLevel = 'RunLocalTests';
    } else {
      ux.warn('No *_Tests classes found: deploying with NoTestRun (production orgs require tests).');
      testLevel = 'NoTestRun';
    }
  }
  const sourceDirs = phase === 'currency-settings' ? [ORG_SETTINGS_DIR] : project.packageDirectories;
  const built = await ComponentSetBuilder.build({
    sourcepath: sourceDirs.map((p) => join(project.dir, p)),
    projectDir: project.dir,
    sourceapiversion: project.sourceApiVersion
  });
  const components = componentsFor(built, phase);
  if (phase === 'client-app') {
    ux.log(`First phase: only the external client app (${CLIENT_APP_TYPES.join(', ')}); no Apex, no tests.`);
  }
  ux.log(`Deploying ${components.size} components from ${sourceDirs.join(', ')} to ${myDomainUrl(connection)}...`);
  const report = await deployComponents({
    connection,
    components,
    projectDir: project.dir,
    testLevel,
    runTests,
    waitMs: options.waitMs,
    ux
  });
  for (const line of formatReport(report)) ux.log(line);
  if (!report.success) {
    const summary = [
      report.componentFailures.length ? `${report.componentFailures.length} component failure(s)` : '',
      report.testFailures.length ? `${report.testFailures.length} test failure(s)` : '',
      report.coverageWarnings.length ? `${report.coverageWarnings.length} coverage warning(s)` : '',
      !report.componentFailures.length && !report.testFailures.length && !report.coverageWarnings.length
        ? `status ${report.status}`
        : ''
    ]
      .filter(Boolean)
      .join(', ');
    throw new DeployFailedError(summary, report);
  }
  const orgId = connection.getAuthInfoFields().orgId;
  if (orgId && phase === 'all')
    writeCache(project.dir, orgId, { fingerprint: print, deployId: report.id, deployedAt: new Date().toISOString() });
  return report;
}

/** Fingerprint of what would be deployed (sources and replacement values). */
export function deployFingerprint(
  project: ProjectInfo,
  connection: Connection,
  env: Record<string, string | undefined>,
  phase: DeployPhase = 'all'
): string {
  const names = prepareEnvironment(project, connection, env, phase);
  return fingerprint(project, Object.fromEntries(names.map((n) => [n, env[n]])));
}

/**
 * The cached deploy of this org when force-app and the replacement values are unchanged since
 * it, else undefined.
 */
export function currentDeploy(projectDir: string, connection: Connection, env: Record<string, string | undefined>) {
  const project = readProject(projectDir);
  const orgId = connection.getAuthInfoFields().orgId;
  if (!orgId) return undefined;
  const entry = readCache(projectDir)[orgId];
  return entry && entry.fingerprint === deployFingerprint(project, connection, env) ? entry : undefined;
}

/**
 * True when the whole project cannot be deployed yet but the first phase can: the variables only
 * the auth provider needs (its consumer key and secret) are missing.
 */
export function firstPhaseNeeded(
  projectDir: string,
  connection: Connection,
  env: Record<string, string | undefined>
): boolean {
  const project = readProject(projectDir);
  loadDotEnv(project.dir, env);
  env[NAMES.myDomainEnv] = myDomainUrl(connection);
  const missing = (phase: DeployPhase): string[] =>
    requiredEnvVariables(replacementsFor(project.replacements, phase), env).filter((n) => !env[n]);
  return missing('all').length > 0 && missing('client-app').length === 0;
}
