/**
 * Deploy phases "apply" and "compile check": registers every component in one transaction, then
 * compiles the org's Apex with the new classes (an org's compile on deploy), then runs the Apex tests
 * the test level asks for and checks coverage; any failure, and checkOnly, rolls it all back.
 */
import type { Store } from '../store/store.js';
import { coverageWarnings, type CodeCoverageWarning } from './deploy-rules.js';
import type { TestPlan } from './deploy-checks.js';
import type { DeployMessages } from './deploy-messages.js';
import { registrationOrder, type DeployPlan } from './deploy-plan.js';
import type { ApexTestRunResult, DeployOptions } from './deploy-types.js';
import { putMetadataFiles } from './files.js';
import { register } from './register.js';

class DeployAbort extends Error {}

export interface ApplyOutcome {
  /** Whether the changes stayed (false: rolled back, for a failure or checkOnly). */
  applied: boolean;
  testResult?: ApexTestRunResult;
  coverage: CodeCoverageWarning[];
}

/** Registers the plan, all or nothing; component, compile and test problems go to `messages`. */
export function applyPlan(
  store: Store,
  plan: DeployPlan,
  tests: TestPlan,
  options: DeployOptions,
  messages: DeployMessages
): ApplyOutcome {
  const schemaBefore = store.schema.snapshot();
  const outcome: ApplyOutcome = { applied: false, coverage: [] };
  try {
    store.transaction(() => {
      // DDL to come, which Store.lockForWrite cannot see: the write lock first (a no-op on the HTTP
      // thread, whose transactions begin with it; an Apex worker's rehearsal of the deploy needs it).
      store.lockForWrite();
      registerAll(store, plan, messages);
      if (!messages.failed) compileCheck(plan, options, messages);
      if (!messages.failed && tests.testsWanted && options.testRunner) {
        outcome.testResult = options.testRunner({
          testLevel: tests.testLevel,
          classNames: tests.testLevel === 'RunSpecifiedTests' ? (options.runTests ?? []) : []
        });
        if (outcome.testResult.numFailures > 0) throw new DeployAbort();
        outcome.coverage = coverageWarnings({
          production: tests.production,
          testLevel: tests.testLevel,
          result: outcome.testResult,
          deployedClasses: tests.deployedClasses
        });
        if (outcome.coverage.length > 0) throw new DeployAbort();
      }
      if (messages.failed || options.checkOnly) throw new DeployAbort();
    });
    outcome.applied = true;
  } catch (e) {
    store.schema.restore(schemaBefore);
    if (!(e instanceof DeployAbort)) throw e;
  }
  return outcome;
}

function registerAll(store: Store, plan: DeployPlan, messages: DeployMessages): void {
  for (const c of registrationOrder(plan.components.values())) {
    const where = { componentType: c.type, fullName: c.fullName, fileName: c.files[0].path };
    try {
      const { id: recordId, created, fields } = register(store, c, plan.parsed.get(c) ?? {});
      putMetadataFiles(store, c.type, c.fullName, recordId, c.files);
      messages.succeed(where, { created, ...(recordId ? { id: recordId } : {}) });
      for (const f of fields ?? [])
        messages.succeed(
          { componentType: 'CustomField', fullName: `${c.fullName}.${f}`, fileName: c.files[0].path },
          { created }
        );
    } catch (e) {
      messages.fail(where, e instanceof Error ? e.message : String(e));
    }
  }
}

/** The org's Apex compiled with the registered classes and triggers: each problem fails the class or trigger it is in. */
function compileCheck(plan: DeployPlan, options: DeployOptions, messages: DeployMessages): void {
  for (const p of options.apexCompiler?.() ?? []) {
    const trigger = !plan.components.has(`ApexClass:${p.file}`) && plan.components.get(`ApexTrigger:${p.file}`);
    const c = trigger || plan.components.get(`ApexClass:${p.file}`);
    const fallback = trigger ? `triggers/${p.file}.trigger` : `classes/${p.file}.cls`;
    messages.fail(
      {
        componentType: trigger ? 'ApexTrigger' : 'ApexClass',
        fullName: p.file,
        fileName: c?.files[0]?.path ?? fallback
      },
      p.message,
      { line: p.line, column: p.column }
    );
  }
}
