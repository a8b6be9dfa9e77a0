/**
 * The deploy rules an org applies by org type: which test level a deploy runs and what code coverage it
 * needs. Each rule and its source is listed in docs/platform-facts.md.
 *
 * - Production refuses `NoTestRun` outright, at the deploy() call, whatever the package holds:
 *   `INVALID_OPERATION: testLevel of NoTestRun cannot be used in production organizations`
 *   (reported verbatim for a fields-only deploy in https://github.com/forcedotcom/cli/issues/2105 and as the
 *   SOAP fault in https://github.com/xjsender/haoide/issues/107).
 * - No test level given: production runs the local tests when the package contains Apex classes or
 *   triggers, none otherwise; other orgs run none ("Running Tests in a Deployment",
 *   https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_deploy_running_tests.htm).
 * - Production, RunLocalTests / RunAllTestsInOrg: at least 75% of the org's Apex covered overall; with
 *   RunSpecifiedTests every class and trigger in the package covered 75% individually
 *   (https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_deploy_run_specific_tests.htm,
 *   https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_deployRecentValidation.htm).
 *   Coverage is not enforced in sandboxes or Developer Edition orgs
 *   (https://help.salesforce.com/s/articleView?id=platform.changesets_inbound_deploy.htm).
 */
import { SalesforceError } from '../store/errors.js';
import { runSoql } from '../store/soql/query.js';
import type { Store } from '../store/store.js';
import type { ApexTestRunResult } from './deploy-types.js';
import { getMetadata } from './registry.js';

export const REQUIRED_COVERAGE = 75;
const TEST_LEVELS = ['NoTestRun', 'RunSpecifiedTests', 'RunLocalTests', 'RunAllTestsInOrg', 'RunRelevantTests'];

/** What a deploy() call is refused with before anything is queued (a SOAP fault, a REST error). */
export function checkDeployRequest(testLevel: string | undefined, production: boolean): void {
  if (testLevel !== undefined && testLevel !== '' && !TEST_LEVELS.includes(testLevel))
    throw new SalesforceError(
      'INVALID_OPERATION',
      `testLevel ${testLevel} is not a test level: use one of ${TEST_LEVELS.join(', ')}`
    );
  if (production && testLevel === 'NoTestRun')
    throw new SalesforceError('INVALID_OPERATION', 'testLevel of NoTestRun cannot be used in production organizations');
}

/** The test level a deploy runs: the one asked for, or the org's default for this package. */
export function effectiveTestLevel(
  requested: string | undefined,
  production: boolean,
  packageHasApex: boolean
): string {
  if (requested) return requested;
  return production && packageHasApex ? 'RunLocalTests' : 'NoTestRun';
}

export interface CodeCoverageWarning {
  name: string;
  namespace: null;
  message: string;
}

export interface CoverageCheck {
  production: boolean;
  testLevel: string;
  result: ApexTestRunResult;
  /** Apex classes in the package (RunSpecifiedTests checks each of them). */
  deployedClasses: readonly string[];
}

/** The coverage warnings that fail a production deploy; none elsewhere. */
export function coverageWarnings(check: CoverageCheck): CodeCoverageWarning[] {
  if (!check.production) return [];
  // Every trigger needs some coverage ("no trigger can have 0% coverage"), whatever the average.
  const uncoveredTriggers = (check.result.codeCoverage ?? [])
    .filter((c) => c.type === 'Trigger' && c.numLocations > 0 && c.numLocationsNotCovered === c.numLocations)
    .map((c) => ({
      name: c.name,
      namespace: null,
      message: 'Test coverage of selected Apex Trigger is 0%, at least 1% test coverage is required'
    }));
  return [...uncoveredTriggers, ...classCoverageWarnings(check)];
}

function classCoverageWarnings(check: CoverageCheck): CodeCoverageWarning[] {
  const coverage = check.result.codeCoverage ?? [];
  if (check.testLevel === 'RunSpecifiedTests') {
    const deployed = new Set(check.deployedClasses.map((n) => n.toLowerCase()));
    return coverage
      .filter((c) => deployed.has(c.name.toLowerCase()) && c.numLocations > 0)
      .map((c) => ({ c, pct: percent(c.numLocations - c.numLocationsNotCovered, c.numLocations) }))
      .filter(({ pct }) => pct < REQUIRED_COVERAGE)
      .map(({ c, pct }) => ({
        name: c.name,
        namespace: null,
        message: `Test coverage of selected Apex Class is ${pct}%, at least ${REQUIRED_COVERAGE}% test coverage is required`
      }));
  }
  const total = coverage.reduce((n, c) => n + c.numLocations, 0);
  const covered = coverage.reduce((n, c) => n + c.numLocations - c.numLocationsNotCovered, 0);
  const pct = percent(covered, total);
  if (pct >= REQUIRED_COVERAGE) return [];
  return [
    {
      name: 'Deploy Error',
      namespace: null,
      message: `Average test coverage across all Apex Classes and Triggers is ${pct}%, at least ${REQUIRED_COVERAGE}% test coverage is required.`
    }
  ];
}

function percent(covered: number, total: number): number {
  return total === 0 ? 100 : Math.floor((covered * 100) / total);
}

/**
 * By default a class with pending or running Apex jobs cannot be redeployed ("By default, you can't deploy
 * updates to an Apex class if there are one or more active jobs for that class", ApexClass,
 * https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_classes.htm), unless the org
 * allows deployments with Apex jobs (Deployment Settings; in the Metadata API DeploymentSettings
 * `doesSkipAsyncApexValidation`, https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_deploymentsettings.htm).
 * Messages as orgs report them (https://salesforce.stackexchange.com/questions/328335 ,
 * https://bitbucket.org/RoseSilverSoftware/illuminatedcloud/issues/1066).
 */
export const SCHEDULED_JOBS_PENDING = 'This schedulable class has jobs pending or in progress';
export const ASYNC_JOBS_PENDING = 'This Apex class has batch or future jobs pending or in progress';

/** True when the org's deployed DeploymentSettings allow deploys of classes that active jobs use. */
export function allowsDeploysWithApexJobs(store: Store): boolean {
  const settings = getMetadata(store, 'Settings', 'Deployment')?.content as Record<string, unknown> | undefined;
  return String(settings?.doesSkipAsyncApexValidation ?? '') === 'true';
}

/** Deployed classes that active jobs use, with the org's message for each. */
export function activeJobConflicts(
  store: Store,
  deployedClasses: readonly string[],
  scheduledClasses: readonly string[]
): { className: string; problem: string }[] {
  if (deployedClasses.length === 0 || allowsDeploysWithApexJobs(store)) return [];
  const scheduled = new Set(scheduledClasses.map((n) => n.toLowerCase()));
  const running = new Set(
    runSoql(
      store,
      "SELECT ApexClass.Name FROM AsyncApexJob WHERE Status IN ('Holding', 'Queued', 'Preparing', 'Processing') AND JobType != 'ScheduledApex'"
    ).records.flatMap((r) => {
      const name = (r.ApexClass as { Name?: unknown } | null)?.Name;
      return typeof name === 'string' ? [name.toLowerCase()] : [];
    })
  );
  return deployedClasses.flatMap((className) => {
    const key = className.toLowerCase();
    if (scheduled.has(key)) return [{ className, problem: SCHEDULED_JOBS_PENDING }];
    if (running.has(key)) return [{ className, problem: ASYNC_JOBS_PENDING }];
    return [];
  });
}
