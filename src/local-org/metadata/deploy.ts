/**
 * Metadata deploy, in phases, each in its own file: unzip and validate the package.xml
 * (deploy-unzip.ts) → parse and plan the components (deploy-plan.ts) → the org's deploy rules
 * (deploy-checks.ts) → apply in one transaction with the compile check and the Apex tests
 * (deploy-apply.ts) → the DeployResult (deploy-messages.ts). Nothing is applied unless every phase
 * passes; checkOnly validates and rolls back. Component types come from
 * @salesforce/source-deploy-retrieve's registry; a file or a package.xml type it does not know is
 * reported as a failure, never dropped.
 */
import type { Store } from '../store/store.js';
import { applyPlan } from './deploy-apply.js';
import { checkOrgRules } from './deploy-checks.js';
import { DeployMessages, deployResult } from './deploy-messages.js';
import { planDeploy } from './deploy-plan.js';
import type { DeployOptions, DeployResultBody } from './deploy-types.js';
import { readDeployZip, validatePackageXml } from './deploy-unzip.js';
import { InvalidZipError } from './zip-reader.js';

export { InvalidZipError } from './zip-reader.js';
export { readDeployZip } from './deploy-unzip.js';
export { deployResult } from './deploy-messages.js';
export type {
  ApexTestRunRequest,
  ApexTestRunResult,
  ApexTestRunner,
  ApexTestRehearsal,
  ComponentMessage,
  DeployOptions,
  DeployResultBody
} from './deploy-types.js';

export async function deployZip(
  store: Store,
  id: string,
  zipData: Buffer,
  options: DeployOptions
): Promise<DeployResultBody> {
  const messages = new DeployMessages(store.clock.now().toISOString());
  const result = (status: 'Succeeded' | 'Failed', total: number, extra: Partial<DeployResultBody> = {}) =>
    deployResult(
      store,
      id,
      options,
      messages.started,
      {
        status,
        successes: messages.successes,
        failures: messages.failures,
        total,
        deployed: status === 'Succeeded' ? total : 0
      },
      extra
    );
  const failedDetails = (runTestResult: Record<string, unknown>) => ({
    details: { componentSuccesses: [], componentFailures: messages.failures, runTestResult }
  });

  let zip: Awaited<ReturnType<typeof readDeployZip>>;
  try {
    zip = await readDeployZip(zipData);
  } catch (e) {
    if (!(e instanceof InvalidZipError)) throw e;
    return result('Failed', 0, { errorMessage: e.message, errorStatusCode: 'UNKNOWN_EXCEPTION' });
  }
  validatePackageXml(zip.files.get('package.xml')!, messages);
  const plan = planDeploy(zip.files, zip.raw, messages);
  const total = plan.components.size + 1;
  const tests = checkOrgRules(store, plan, options, messages);
  if (tests.testsWanted && !options.testRunner) {
    const message = `not supported by the local runtime: running Apex tests (testLevel ${tests.testLevel}) at deploy`;
    return result('Failed', total, {
      errorMessage: message,
      errorStatusCode: 'UNKNOWN_EXCEPTION',
      runTestsEnabled: true,
      numberTestErrors: 1,
      ...failedDetails({
        numFailures: 1,
        numTestsRun: 0,
        totalTime: 0,
        failures: [{ message, name: 'local-org', methodName: '', problemType: 'Error' }],
        successes: []
      })
    });
  }
  if (messages.failed) return result('Failed', total, failedDetails({ numFailures: 0, numTestsRun: 0, totalTime: 0 }));

  // With Apex workers the tests run there, on a rehearsal of this deploy, before it is applied here.
  const testRunner =
    tests.testsWanted && options.rehearseTests ? await options.rehearseTests(zipData, options) : options.testRunner;
  const applied = applyPlan(store, plan, tests, { ...options, testRunner }, messages);
  const { testResult, coverage } = applied;
  const testFields: Partial<DeployResultBody> = testResult
    ? {
        runTestsEnabled: true,
        numberTestsTotal: testResult.numTestsRun,
        numberTestsCompleted: testResult.numTestsRun - testResult.numFailures,
        numberTestErrors: testResult.numFailures
      }
    : {};
  if (messages.failed || (testResult && testResult.numFailures > 0) || coverage.length > 0)
    return result('Failed', total, {
      ...testFields,
      ...failedDetails(
        testResult
          ? { ...(testResult as unknown as Record<string, unknown>), codeCoverageWarnings: coverage }
          : { numFailures: 0, numTestsRun: 0, totalTime: 0 }
      )
    });
  const done = result('Succeeded', total, testFields);
  if (testResult) done.details.runTestResult = testResult as unknown as Record<string, unknown>;
  return done;
}
