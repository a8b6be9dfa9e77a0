/**
 * The Apex test runner. Compiles the classes, finds the `@IsTest` classes, and per class runs in one data
 * transaction (rolled back at the end): org data hidden unless `SeeAllData=true`, the `@TestSetup` method
 * once, then each test method in a nested transaction rolled back after it, with fresh static state (a new
 * interpreter) and Test.isRunningTest() true. Line coverage is collected across all methods. See
 * docs/apex-tests.md.
 */
import type { AsyncHost } from '../async/index.js';
import type { ApexClock } from '../collaborators.js';
import { invoke } from '../calls.js';
import type { ClassInfo, MethodInfo } from '../class-table.js';
import type { ApexDataLayer } from '../data-layer.js';
import { ApexCompileError, ApexThrow, UnsupportedFeatureError, type CompileProblem } from '../errors.js';
import type { Interpreter, InterpreterOptions } from '../interpreter.js';
import type { PermissionHost } from '../library/feature-management.js';
import { exceptionTypeName } from '../library/objects.js';
import { toApexString } from '../operators.js';
import { runtimeProbes } from '../probe.js';
import { ApexRuntime, type ApexSourceFile, type ApexTriggerFile } from '../runtime.js';
import { attachTestJobQueue, TestJobQueue } from './async.js';
import { attachTestEventDelivery, TestEventDelivery, type TestEventBus } from './event-bus.js';
import { enterTestContext, leaveTestContext, runStopTestDrains } from './context.js';
import { CoverageRecorder, executableLines, type ClassCoverage } from './coverage.js';
import { asTestClass, isTestClass, type TestClass } from './discovery.js';
import './library.js';
import { runAs, withRunAsUser } from './run-as.js';
import { stubCall } from './stubs.js';

export interface TestMethodResult {
  readonly className: string;
  readonly methodName: string;
  readonly outcome: 'Pass' | 'Fail';
  /** "System.AssertException: Assertion Failed: …" for a failure. */
  readonly message: string | null;
  /** "Class.Foo.testBar: line 12, column 1" lines, innermost first. */
  readonly stackTrace: string | null;
  readonly timeMs: number;
  /** USER_DEBUG lines of the test and of the jobs it ran at Test.stopTest, in the debug log's format. */
  readonly debugLog: readonly string[];
}

export interface TestSelection {
  readonly className: string;
  /** Only these methods (all test methods of the class when absent). */
  readonly methods?: readonly string[];
}

export interface TestRunOptions {
  readonly data: ApexDataLayer;
  readonly clock: ApexClock;
  /** Answers FeatureManagement.checkPermission in tests (the org's permission sets). */
  readonly permissions?: PermissionHost;
  readonly files: readonly ApexSourceFile[];
  /** The org's triggers: the active ones fire for the tests' DML and their coverage is measured. */
  readonly triggers?: readonly ApexTriggerFile[];
  /** The tests to run; every `@IsTest` class when absent. */
  readonly tests?: readonly TestSelection[];
  /** Hides org data tests may not see (SeeAllData=false); called inside the class's transaction. */
  readonly isolateOrgData?: () => void;
  readonly interpreterOptions?: InterpreterOptions;
  /** The org's asynchronous job host (AsyncApexJob rows) for batch jobs run at Test.stopTest. */
  readonly asyncHost?: AsyncHost;
  /** The test event bus (platform events published by tests, delivered at Test.stopTest or deliver()). */
  readonly eventBus?: TestEventBus;
}

export interface TestRunReport {
  /** Compile problems of the classes: when present, no test ran. */
  readonly compileProblems: readonly CompileProblem[];
  readonly results: readonly TestMethodResult[];
  /** Non-test classes with executable lines, by name. */
  readonly coverage: readonly ClassCoverage[];
  /** Per test method, the classes it executed lines of (ApexCodeCoverage). */
  readonly testCoverage: readonly { className: string; methodName: string; coverage: ClassCoverage }[];
  readonly totalTimeMs: number;
}

/** A requested test class or method that does not exist. */
export class ApexTestSelectionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ApexTestSelectionError';
  }
}

let currentQueue: TestJobQueue | null = null;
let currentEvents: TestEventDelivery | null = null;
let currentRecorder: CoverageRecorder | null = null;

/** Thrown inside a data transaction to roll it back; caught right outside. */
class RollbackSignal extends Error {}

function rolledBack<T>(data: ApexDataLayer, body: () => T): T {
  const box: { value?: T } = {};
  try {
    data.runInTransaction(() => {
      box.value = body();
      throw new RollbackSignal();
    });
  } catch (e) {
    if (!(e instanceof RollbackSignal)) throw e;
  }
  return box.value as T;
}

function describeFailure(it: Interpreter, e: unknown): { message: string; stackTrace: string } {
  if (e instanceof ApexThrow) {
    const ex = e.exception;
    const msg = ex.fields.get('$message') ?? null;
    return {
      message: `${exceptionTypeName(ex)}: ${msg === null ? 'null' : toApexString(it, msg)}`,
      stackTrace: String(ex.fields.get('$stack') ?? '')
    };
  }
  if (e instanceof RangeError) {
    return { message: `System.LimitException: Maximum stack depth reached: ${it.peakDepth + 1}`, stackTrace: '' };
  }
  if (e instanceof UnsupportedFeatureError) return { message: e.message, stackTrace: it.stackTrace() };
  if (e instanceof ApexCompileError) {
    const p = e.problems[0];
    return { message: `${p.message} at ${p.file}:${p.line}:${p.column}`, stackTrace: '' };
  }
  if (e instanceof Error) {
    return { message: `Internal error in the local Apex runtime: ${e.message}`, stackTrace: it.stackTrace() };
  }
  throw e;
}

function runMethod(runtime: ApexRuntime, cls: ClassInfo, m: MethodInfo, isSetup = false): TestMethodResult {
  const started = performance.now();
  currentRecorder?.startTest(isSetup ? null : `${cls.name}.${m.name}`);
  const it = runtime.newInterpreter();
  currentQueue?.reset();
  currentEvents?.reset();
  enterTestContext(cls.name, m.name);
  let failure: { message: string; stackTrace: string } | null = null;
  try {
    if (!m.isStatic) it.throwUnsupported(`non-static test method ${cls.name}.${m.name}`);
    if (m.params.length) it.throwUnsupported(`test method ${cls.name}.${m.name} with parameters`);
    invoke(it, m, null, []);
    // Jobs queued without Test.stopTest run when the test method ends, and their exceptions fail it
    // (Apex Developer Guide, "Testing Batch Apex": https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/apex_batch_interface.htm).
    if (currentQueue?.pending) runStopTestDrains(it);
  } catch (e) {
    failure = describeFailure(it, e);
  } finally {
    leaveTestContext();
  }
  return {
    className: cls.name,
    methodName: m.name,
    outcome: failure ? 'Fail' : 'Pass',
    message: failure?.message ?? null,
    stackTrace: failure?.stackTrace ?? null,
    timeMs: Math.round(performance.now() - started),
    debugLog: [
      ...it.debugEntries.map((d) => `USER_DEBUG|[${d.line}]|${d.level}|${d.message}`),
      ...(currentQueue?.log ?? []),
      ...(currentEvents?.log ?? [])
    ]
  };
}

function selectClasses(runtime: ApexRuntime, tests: readonly TestSelection[] | undefined): TestClass[] {
  const it = runtime.newInterpreter();
  const all = runtime.classNames.map((n) => it.classes.get(n.toLowerCase())!);
  if (!tests) return all.map(asTestClass).filter((t): t is TestClass => t !== null);
  return tests.map((sel) => {
    const cls = it.classes.get(sel.className.toLowerCase());
    const tc = cls ? asTestClass(cls) : null;
    if (!tc) throw new ApexTestSelectionError(`${sel.className} is not an Apex test class in this org`);
    if (!sel.methods) return tc;
    const wanted = new Set(sel.methods.map((m) => m.toLowerCase()));
    const methods = tc.methods.filter((m) => wanted.has(m.method.name.toLowerCase()));
    for (const w of wanted)
      if (!methods.some((m) => m.method.name.toLowerCase() === w))
        throw new ApexTestSelectionError(`${tc.cls.name}.${w} is not a test method`);
    return { ...tc, methods };
  });
}

function runClass(
  runtime: ApexRuntime,
  data: ApexDataLayer,
  tc: TestClass,
  isolate: (() => void) | undefined
): TestMethodResult[] {
  const results: TestMethodResult[] = [];
  const isolated = tc.methods.filter((m) => !m.seeAllData);
  const seeAll = tc.methods.filter((m) => m.seeAllData);
  const pass = (methods: typeof tc.methods, hide: boolean): void => {
    if (!methods.length) return;
    rolledBack(data, () => {
      if (hide) isolate?.();
      const setup = tc.setup ? runMethod(runtime, tc.cls, tc.setup, true) : null;
      for (const { method } of methods) {
        if (setup && setup.outcome === 'Fail') {
          results.push({ ...setup, methodName: method.name, timeMs: 0 });
          continue;
        }
        results.push(rolledBack(data, () => runMethod(runtime, tc.cls, method)));
      }
    });
  };
  pass(isolated, true);
  pass(seeAll, false);
  const order = new Map(tc.methods.map((m, i) => [m.method.name, i]));
  return results.sort((a, b) => order.get(a.methodName)! - order.get(b.methodName)!);
}

/** Compiles `files` and runs the selected tests. Throws ApexTestSelectionError for an unknown test. */
export function runApexTests(options: TestRunOptions): TestRunReport {
  const started = performance.now();
  const data = withRunAsUser(options.data);
  const queue = new TestJobQueue(options.asyncHost);
  const runtime = new ApexRuntime(
    { data, clock: options.clock, async: queue.host, permissions: options.permissions, events: options.eventBus },
    options.interpreterOptions
  );
  let compiled = runtime.compile(options.files);
  if (compiled.success && options.triggers?.length) compiled = runtime.compileTriggers(options.triggers);
  if (!compiled.success)
    return { compileProblems: compiled.problems, results: [], coverage: [], testCoverage: [], totalTimeMs: 0 };
  const classes = selectClasses(runtime, options.tests);
  currentQueue = attachTestJobQueue(queue);
  currentQueue.runtime = runtime;
  if (options.eventBus) {
    currentEvents = new TestEventDelivery(options.eventBus);
    currentEvents.runtime = runtime;
    attachTestEventDelivery(currentEvents);
  }
  const recorder = new CoverageRecorder();
  currentRecorder = recorder;
  const results: TestMethodResult[] = [];
  runtimeProbes.statement = recorder.probe;
  runtimeProbes.runAs = (it, args, body) => runAs(options.data, it, args, body);
  runtimeProbes.call = stubCall;
  try {
    for (const tc of classes) results.push(...runClass(runtime, data, tc, options.isolateOrgData));
  } finally {
    runtimeProbes.statement = null;
    runtimeProbes.runAs = null;
    runtimeProbes.call = null;
    currentQueue = null;
    currentEvents = null;
    attachTestEventDelivery(null);
    currentRecorder = null;
  }
  const it = runtime.newInterpreter();
  const coverage: ClassCoverage[] = [];
  const testCoverage: { className: string; methodName: string; coverage: ClassCoverage }[] = [];
  for (const name of runtime.classNames) {
    const cls = it.classes.get(name.toLowerCase())!;
    if (isTestClass(cls) || !cls.decl) continue;
    const lines = executableLines(cls.decl);
    if (!lines.length) continue;
    coverage.push(recorder.coverage(cls.name, lines));
    for (const test of recorder.tests) {
      const c = recorder.testCoverage(test, cls.name, lines);
      const dot = test.indexOf('.');
      if (c) testCoverage.push({ className: test.slice(0, dot), methodName: test.slice(dot + 1), coverage: c });
    }
  }
  // Triggers are measured like classes ("Testing and Code Coverage": every trigger needs some coverage).
  for (const t of runtime.triggers) {
    const lines = executableLines(t.block);
    if (!lines.length) continue;
    coverage.push({ ...recorder.coverage(t.name, lines), trigger: true });
    for (const test of recorder.tests) {
      const c = recorder.testCoverage(test, t.name, lines);
      const dot = test.indexOf('.');
      if (c)
        testCoverage.push({
          className: test.slice(0, dot),
          methodName: test.slice(dot + 1),
          coverage: { ...c, trigger: true }
        });
    }
  }
  return { compileProblems: [], results, coverage, testCoverage, totalTimeMs: Math.round(performance.now() - started) };
}
