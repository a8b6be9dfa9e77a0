/** `deploy`: force-app to the target org with the project's Apex tests. */
import type { CommandContext } from '../context.js';
import { deployProject, type DeployReport } from '../deploy.js';
import { detectOrgType } from '../orgType.js';
import { withSchedulePaused } from '../schedulePause.js';
import { fillClientCredentials } from '../clientCredentials.js';
import { NAMES } from '../names.js';
import { findApexClasses, loadDotEnv, readProject } from '../project.js';
import { waitForNoActiveJobs } from '../activeJobs.js';
import { connect, jobsWaitMs, testLevel, waitMs } from './shared.js';

export async function deployCommand(ctx: CommandContext): Promise<DeployReport> {
  const timeout = waitMs(ctx);
  const level = testLevel(ctx);
  const jobsWait = jobsWaitMs(ctx);
  const target = await connect(ctx);
  const orgType = await detectOrgType(target.connection);
  ctx.ux.log(`Org ${target.username} is a ${orgType.type} org.`);
  const phase = ctx.flags['client-app-only'] ? 'client-app' : 'all';
  if (phase === 'all') {
    loadDotEnv(ctx.projectDir, ctx.env);
    const apiVersion = readProject(ctx.projectDir).sourceApiVersion ?? target.connection.getApiVersion();
    const source = await fillClientCredentials(target.connection, ctx.env, apiVersion, timeout);
    if (source === 'org')
      ctx.ux.log(
        `Consumer key and secret of ${NAMES.externalClientApp}: read back from the org (Metadata API retrieve), kept in memory.`
      );
  }
  const run = (): Promise<DeployReport> =>
    deployProject({
      connection: target.connection,
      projectDir: ctx.projectDir,
      env: ctx.env,
      ux: ctx.ux,
      waitMs: timeout,
      phase,
      testLevel: level,
      orgType: orgType.type
    });
  // phase 1 carries no Apex, so no Apex job can block it
  if (phase !== 'all') return run();
  const classNames = findApexClasses(readProject(ctx.projectDir));
  const { result } = await withSchedulePaused(target.connection, ctx.ux, async () => {
    await waitForNoActiveJobs(target.connection, classNames, { ux: ctx.ux, clock: ctx.clock, timeoutMs: jobsWait });
    return run();
  });
  return result;
}
