/**
 * The state of the Apex test method being run: Test.startTest/stopTest, mocks (Test.setMock), the
 * System.runAs user stack, and the seam asynchronous Apex plugs into so that work queued between
 * startTest and stopTest runs synchronously at stopTest (Apex Developer Guide, "Using the startTest and
 * stopTest Methods": https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/apex_testing_tools_start_stop_test.htm).
 * Runs are synchronous, so at most one test context is active at a time.
 */
import type { RunningUser } from '../data-layer.js';
import type { Interpreter } from '../interpreter.js';
import type { Value } from '../values.js';

export interface TestContext {
  readonly className: string;
  readonly methodName: string;
  /** 'no' before Test.startTest, 'running' between startTest and stopTest, 'stopped' after stopTest. */
  phase: 'no' | 'running' | 'stopped';
  /** The limits used before Test.startTest (restored at Test.stopTest). */
  savedUsage: { soql: number; queryRows: number; dml: number; dmlRows: number } | null;
  /** Test.setMock: lower-cased interface name ("httpcalloutmock", "webservicemock") → the mock object. */
  readonly mocks: Map<string, Value>;
  /** System.runAs: the users whose blocks are running, innermost last. */
  readonly runAsUsers: RunningUser[];
  /** Test.setFixedSearchResults: the Ids SOSL answers (unset: SOSL answers nothing). */
  fixedSearchResults?: string[];
}

let active: TestContext | null = null;

/** The test method being run, or null outside an Apex test run (Test.isRunningTest() is false). */
export function currentTestContext(): TestContext | null {
  return active;
}

export function enterTestContext(className: string, methodName: string): TestContext {
  active = { className, methodName, phase: 'no', savedUsage: null, mocks: new Map(), runAsUsers: [] };
  return active;
}

export function leaveTestContext(): void {
  active = null;
}

/**
 * The object registered with `Test.setMock(HttpCalloutMock.class, mock)` in the running test, or null. Http.send
 * calls its `respond(HttpRequest)` instead of making the callout.
 */
export function httpCalloutMock(): Value {
  return active?.mocks.get('httpcalloutmock') ?? null;
}

/** Runs the asynchronous work queued in a test (batches, queueables, scheduled jobs' executions). */
export type StopTestDrain = (it: Interpreter) => void;

const drains: StopTestDrain[] = [];

/**
 * Asynchronous Apex registers here: at Test.stopTest every drain runs, in registration order, and must run
 * synchronously the work queued since Test.startTest. Registering twice is ignored.
 */
export function registerStopTestDrain(drain: StopTestDrain): void {
  if (!drains.includes(drain)) drains.push(drain);
}

export function runStopTestDrains(it: Interpreter): void {
  for (const d of drains) d(it);
}
