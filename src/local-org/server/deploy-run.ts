/**
 * Runs a deploy for the SOAP and REST Metadata endpoints. Whatever happens inside, the caller gets a
 * deploy result: a bug in the local org (never the zip's fault) becomes a Failed result carrying the
 * platform's UNKNOWN_EXCEPTION message and error id, logged once — a deploy never answers a 500.
 */
import { deployResult, deployZip, type DeployOptions, type DeployResultBody } from '../metadata/deploy.js';
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
    return deployResult(
      store,
      id,
      options,
      started,
      { status: 'Failed', successes: [], failures: [], total: 0, deployed: 0 },
      { errorMessage: err.message, errorStatusCode: 'UNKNOWN_EXCEPTION' }
    );
  }
}

/** Deploy results kept for checkDeployStatus: the newest MAX_DEPLOY_RECORDS (bounded memory). */
export const MAX_DEPLOY_RECORDS = 1000;

export function rememberDeploy(ctx: RequestContext, id: string, result: Record<string, unknown>): void {
  const { deploys } = ctx.org;
  deploys.set(id, { id, result });
  while (deploys.size > MAX_DEPLOY_RECORDS) deploys.delete(deploys.keys().next().value!);
}
