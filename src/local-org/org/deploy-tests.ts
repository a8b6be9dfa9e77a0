/**
 * A deploy's Apex tests in an Apex worker (docs/local-org.md, "Apex off the event loop"). The worker
 * rehearses the deploy — the same zip and options, applied in a transaction of its own on its connection
 * (checkOnly), the tests the test level asks for run there and everything rolled back — and answers the
 * tests' report; the HTTP thread then applies the deploy itself and takes that report as its test result
 * (class ids from its own transaction), so a failing test or missing coverage fails the deploy as before.
 */
import type { ApexTestRehearsal, ApexTestRunner } from '../metadata/deploy-types.js';
import { deployZip } from '../metadata/deploy.js';
import type { Store } from '../store/store.js';
import { createDeployCompiler } from './apex-compile.js';
import {
  createDeployTestRunner,
  deployTestResult,
  failedTestRun,
  runDeployTests,
  type DeployTestOutcome
} from './apex-tests.js';
import { ApexWorkerCrash, UNEXPECTED_EXCEPTION, type ApexWorkerPool } from './apex-pool.js';
import type { PlainDeployOptions } from './worker-protocol.js';

/** In the worker: rehearses the deploy and runs its tests; null when the deploy failed before them. */
export async function rehearseDeployTests(
  store: Store,
  zip: Uint8Array,
  options: PlainDeployOptions,
  scheduledClasses: readonly string[]
): Promise<DeployTestOutcome | null> {
  let outcome: DeployTestOutcome | null = null;
  await deployZip(store, 'rehearsal', Buffer.from(zip), {
    ...options,
    checkOnly: true,
    apexCompiler: createDeployCompiler(store),
    scheduledClasses: () => scheduledClasses,
    testRunner: (request) => deployTestResult(store, (outcome = runDeployTests(store, request)))
  });
  return outcome;
}

/** On the HTTP thread: the `rehearseTests` hook of the org's deploys, running them in `pool`. */
export function createTestRehearsal(store: Store, pool: ApexWorkerPool): ApexTestRehearsal {
  return async (zip, options): Promise<ApexTestRunner> => {
    const plain = Object.fromEntries(
      Object.entries(options).filter(([, v]) => typeof v !== 'function')
    ) as PlainDeployOptions;
    let outcome: DeployTestOutcome | null;
    try {
      outcome = await pool.deployTests(zip, plain, options.scheduledClasses?.() ?? []);
    } catch (e) {
      if (!(e instanceof ApexWorkerCrash)) throw e;
      return () => failedTestRun(UNEXPECTED_EXCEPTION);
    }
    // The rehearsal failed before its tests, so this deploy should too; should it get that far, the tests run here.
    if (!outcome) return createDeployTestRunner(store);
    const ran = outcome;
    return () => deployTestResult(store, ran);
  };
}
