/**
 * The toolchain's entry: what scripts, benchmarks and tests may use (everything else is internal).
 * Loading it is cheap: @salesforce/core, source-deploy-retrieve and apex-node load only when a command
 * or a deploy runs (so callers can isolate HOME first).
 */
import type { ComponentDeployOptions, DeployReport } from './deploy.js';
import type { Connection } from '@salesforce/core';
import type { AnonymousResult } from './apex.js';

export { main, runCommand } from './cli.js';
export { realClock, type Clock, type CommandContext, type RunOptions, type RunOutcome } from './context.js';
export type { CommandName } from './commands/specs.js';
export type { ComponentDeployOptions, DeployReport, AnonymousResult };
export { EXIT, ToolchainError } from './errors.js';

/** Deploys a component set (or source paths) and answers the deploy report: the toolchain's one deploy path. */
export async function deployComponents(options: ComponentDeployOptions): Promise<DeployReport> {
  return (await import('./deploy.js')).deployComponents(options);
}

/** Runs anonymous Apex through the org's Apex API and answers its debug log. */
export async function executeAnonymous(connection: Connection, code: string, what: string): Promise<AnonymousResult> {
  return (await import('./apex.js')).executeAnonymous(connection, code, what);
}
