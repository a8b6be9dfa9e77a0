/**
 * Apex tests in the local org: the deploy hook (`runApexTests` of startLocalOrg, RunLocalTests /
 * RunSpecifiedTests / RunAllTestsInOrg) and the org-data isolation the runner asks for. The classes come
 * from the org's ApexClass rows, so tests see exactly what is deployed.
 */
import type { AsyncHost } from '../apex/async/index.js';
import type { ApexDataLayer } from '../apex/data-layer.js';
import type { ApexSourceFile, ApexTriggerFile } from '../apex/runtime.js';
import { triggerFiles } from './deployed-runtime.js';
import {
  ApexTestSelectionError,
  runApexTests,
  type TestRunReport,
  type TestSelection
} from '../apex/testing/runner.js';
import type { ApexTestRunRequest, ApexTestRunResult } from '../metadata/deploy-types.js';
import { runSoql } from '../store/soql/query.js';
import { tableName, type Store } from '../store/store.js';
import { createStoreDataLayer } from './apex-data-layer.js';
import { createPermissionHost } from './permissions.js';
import { storeClock } from './runtime-collaborators.js';
import { ApexScheduler } from './apex-scheduler.js';
import { storeJobRows } from './apex-job-rows.js';
import { OrgEventBus } from './event-bus.js';

/**
 * Standard objects that hold business data: hidden from tests without SeeAllData, like custom objects and
 * custom settings. Objects used to manage the org or metadata (User, Profile, Organization, AsyncApexJob,
 * CronTrigger, RecordType, ApexClass, ApexTrigger, …) stay visible ("Isolation of Test Data from
 * Organization Data in Unit Tests", https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/apex_testing_data_access.htm);
 * so do custom metadata records and — a setup object, unverified — CurrencyType and DatedConversionRate.
 */
const DATA_OBJECTS = new Set(
  [
    'Account',
    'Contact',
    'Lead',
    'Opportunity',
    'OpportunityLineItem',
    'Case',
    'Task',
    'Event',
    'Campaign',
    'CampaignMember',
    'Contract',
    'Order',
    'OrderItem',
    'Asset',
    'Product2',
    'Pricebook2',
    'PricebookEntry',
    'Note',
    'Attachment',
    'ContentVersion',
    'ContentDocument',
    'FeedItem'
  ].map((n) => n.toLowerCase())
);

/** Removes, inside the current transaction, every record a SeeAllData=false test may not see. */
export function isolateOrgData(store: Store): void {
  store.lockForWrite(); // deletes to come: the write lock first (Store.lockForWrite)
  for (const def of store.schema.all()) {
    if (def.customMetadata) continue;
    if (def.custom || DATA_OBJECTS.has(def.name.toLowerCase())) store.db.exec(`DELETE FROM ${tableName(def.name)}`);
  }
}

/** The deployed Apex classes, as source files. */
export function deployedApexClasses(store: Store): ApexSourceFile[] {
  const rows = store.sql(`SELECT Name, Body FROM ${tableName('ApexClass')} WHERE IsDeleted = 0`).all() as {
    Name: string;
    Body: string | null;
  }[];
  return rows.filter((r) => typeof r.Body === 'string').map((r) => ({ name: r.Name, body: r.Body! }));
}

/** The deployed Apex triggers, as trigger files (Status Active fires). */
export function deployedApexTriggers(store: Store): ApexTriggerFile[] {
  return triggerFiles(runSoql(store, 'SELECT Name, Body, Status FROM ApexTrigger ORDER BY Name').records);
}

/**
 * AsyncApexJob and CronTrigger rows and platform events for jobs tests enqueue or schedule (they run at
 * Test.stopTest, not here, so the scheduler never fires them).
 */
export function storeJobHost(store: Store): AsyncHost {
  const scheduler = new ApexScheduler(store, () => {
    throw new Error('scheduled jobs of Apex tests run at Test.stopTest');
  });
  return {
    scheduleJob: (r) => scheduler.schedule(r),
    scheduledJobId: (name) => scheduler.jobIdByName(name),
    countScheduledJobs: () => scheduler.count(),
    abortJob: (id) => {
      if (scheduler.abort(id)) return true;
      const row = runSoql(store, 'SELECT Status FROM AsyncApexJob WHERE Id = :id', { binds: { id } }).records[0];
      if (!row) return false;
      if (['Holding', 'Queued', 'Preparing', 'Processing'].includes(String(row.Status)))
        store.update('AsyncApexJob', id, { Status: 'Aborted' }, { system: true });
      return true;
    },
    ...storeJobRows(store),
    enqueue: () => {
      throw new Error('jobs enqueued by Apex tests run at Test.stopTest (testing/async.ts), not in the org queue');
    }
  };
}

/** Runs the org's Apex tests (all test classes, or the selection) against the store. */
export function runOrgApexTests(
  store: Store,
  tests?: readonly TestSelection[],
  data?: ApexDataLayer,
  extraFiles: readonly ApexSourceFile[] = []
): TestRunReport {
  return runApexTests({
    data: data ?? createStoreDataLayer(store),
    clock: storeClock(store),
    permissions: createPermissionHost(store),
    files: [...deployedApexClasses(store), ...extraFiles],
    triggers: deployedApexTriggers(store),
    tests,
    isolateOrgData: () => isolateOrgData(store),
    asyncHost: storeJobHost(store),
    eventBus: new OrgEventBus(store, { test: true })
  });
}

/** The Metadata API's RunTestsResult (`details.runTestResult` of a DeployResult) for a test report. */
export function toRunTestsResult(store: Store, report: TestRunReport): ApexTestRunResult & Record<string, unknown> {
  const ids = new Map(
    (
      store.sql(`SELECT Id, Name FROM ${tableName('ApexClass')} WHERE IsDeleted = 0`).all() as {
        Id: string;
        Name: string;
      }[]
    ).map((r) => [r.Name.toLowerCase(), r.Id])
  );
  const id = (name: string): string | undefined => ids.get(name.toLowerCase());
  const compileFailures = report.compileProblems.map((p) => ({
    id: id(p.file),
    name: p.file,
    methodName: '',
    message: `Compile Error: ${p.message} at line ${p.line} column ${p.column}`,
    stackTrace: '',
    type: 'Class',
    problemType: 'Error',
    time: 0
  }));
  const failures = report.results
    .filter((r) => r.outcome === 'Fail')
    .map((r) => ({
      id: id(r.className),
      name: r.className,
      methodName: r.methodName,
      message: r.message ?? '',
      stackTrace: r.stackTrace ?? '',
      type: 'Class',
      time: r.timeMs
    }));
  const successes = report.results
    .filter((r) => r.outcome === 'Pass')
    .map((r) => ({ id: id(r.className), name: r.className, methodName: r.methodName, time: r.timeMs }));
  const triggerIds = new Map(
    (
      store.sql(`SELECT Id, Name FROM ${tableName('ApexTrigger')} WHERE IsDeleted = 0`).all() as {
        Id: string;
        Name: string;
      }[]
    ).map((r) => [r.Name.toLowerCase(), r.Id])
  );
  const codeCoverage = report.coverage.map((c) => ({
    id: c.trigger ? triggerIds.get(c.name.toLowerCase()) : id(c.name),
    name: c.name,
    type: c.trigger ? 'Trigger' : 'Class',
    numLocations: c.coveredLines.length + c.uncoveredLines.length,
    numLocationsNotCovered: c.uncoveredLines.length,
    locationsNotCovered: c.uncoveredLines.map((line) => ({ line, column: 0, numExecutions: 0, time: -1 }))
  }));
  return {
    numTestsRun: report.results.length,
    numFailures: failures.length + compileFailures.length,
    totalTime: report.totalTimeMs,
    successes,
    failures: [...compileFailures, ...failures],
    codeCoverage,
    codeCoverageWarnings: []
  };
}

/** What a deploy's test run came to: the report, or the selection error (a RunSpecifiedTests class that is no test). */
export type DeployTestOutcome = { readonly report: TestRunReport } | { readonly selectionError: string };

/** Runs the tests a deploy asks for (inside the deploy's transaction, after registration). */
export function runDeployTests(store: Store, request: ApexTestRunRequest): DeployTestOutcome {
  const tests =
    request.testLevel === 'RunSpecifiedTests' ? request.classNames.map((className) => ({ className })) : undefined;
  try {
    return { report: runOrgApexTests(store, tests) };
  } catch (e) {
    if (!(e instanceof ApexTestSelectionError)) throw e;
    return { selectionError: e.message };
  }
}

/** The deploy's RunTestsResult for an outcome (class ids from `store`: call it inside the deploy's transaction). */
export function deployTestResult(store: Store, outcome: DeployTestOutcome): ApexTestRunResult {
  if ('report' in outcome) return toRunTestsResult(store, outcome.report);
  return failedTestRun(outcome.selectionError);
}

/** A RunTestsResult of one failure that is no test's (the run could not be made). */
export function failedTestRun(message: string): ApexTestRunResult {
  const failure = { name: '', methodName: '', message, stackTrace: '', type: 'Class', time: 0 };
  return { numTestsRun: 0, numFailures: 1, totalTime: 0, successes: [], failures: [failure], codeCoverage: [] };
}

/** The `runApexTests` hook of startLocalOrg: runs inside the deploy's transaction, after registration. */
export function createDeployTestRunner(store: Store): (request: ApexTestRunRequest) => ApexTestRunResult {
  return (request) => deployTestResult(store, runDeployTests(store, request));
}
