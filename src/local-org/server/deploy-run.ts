/**
 * Runs a deploy for the SOAP and REST Metadata endpoints. Whatever happens inside, the caller gets a
 * deploy result: a bug in the local org (never the zip's fault) becomes a Failed result carrying the
 * platform's UNKNOWN_EXCEPTION message and error id, logged once — a deploy never answers a 500.
 */
import { deployZip, type DeployOptions, type DeployResultBody } from '../metadata/deploy.js';
import type { RequestContext } from './context.js';
import { internalError } from './errors-http.js';

export async function runDeploy(
  ctx: RequestContext,
  id: string,
  zip: Buffer,
  options: DeployOptions
): Promise<DeployResultBody> {
  const { store } = ctx.org;
  const started = store.clock.now().toISOString();
  try {
    return await deployZip(store, id, zip, options);
  } catch (e) {
    const err = internalError(e, ctx.org.onInternalError);
    const now = store.clock.now().toISOString();
    return {
      id,
      checkOnly: options.checkOnly ?? false,
      completedDate: now,
      createdBy: store.userId,
      createdByName: 'Local Admin',
      createdDate: started,
      details: {
        componentSuccesses: [],
        componentFailures: [],
        runTestResult: { numFailures: 0, numTestsRun: 0, totalTime: 0 }
      },
      done: true,
      ignoreWarnings: options.ignoreWarnings ?? false,
      lastModifiedDate: now,
      numberComponentErrors: 0,
      numberComponentsDeployed: 0,
      numberComponentsTotal: 0,
      numberTestErrors: 0,
      numberTestsCompleted: 0,
      numberTestsTotal: 0,
      rollbackOnError: options.rollbackOnError ?? true,
      runTestsEnabled: false,
      startDate: started,
      status: 'Failed',
      success: false,
      errorMessage: err.message,
      errorStatusCode: 'UNKNOWN_EXCEPTION'
    };
  }
}

/** Deploy results kept for checkDeployStatus: the newest MAX_DEPLOY_RECORDS (bounded memory). */
export const MAX_DEPLOY_RECORDS = 1000;

export function rememberDeploy(ctx: RequestContext, id: string, result: Record<string, unknown>): void {
  const { deploys } = ctx.org;
  deploys.set(id, { id, result });
  while (deploys.size > MAX_DEPLOY_RECORDS) deploys.delete(deploys.keys().next().value!);
}
