/** `deploy`: force-app to the target org with the project's Apex tests. */
import type { CommandContext } from '../cli.js';
import { deployProject, type DeployReport } from '../deploy.js';
import { detectOrgType } from '../orgType.js';
import { connect, testLevel, waitMs } from './shared.js';

export async function deployCommand(ctx: CommandContext): Promise<DeployReport> {
  const timeout = waitMs(ctx);
  const level = testLevel(ctx);
  const target = await connect(ctx);
  const orgType = await detectOrgType(target.connection);
  ctx.ux.log(`Org ${target.username} is a ${orgType.type} org.`);
  return deployProject({
    connection: target.connection,
    projectDir: ctx.projectDir,
    env: ctx.env,
    ux: ctx.ux,
    waitMs: timeout,
    phase: ctx.flags['client-app-only'] ? 'client-app' : 'all',
    testLevel: level,
    orgType: orgType.type
  });
}
