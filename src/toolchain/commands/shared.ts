/** Helpers shared by the command implementations. */
import { UsageError } from '../errors.js';
import type { TestLevel } from '../testLevels.js';
import { parseIntegerFlag, parseTestLevel } from '../flags.js';
import { resolveTargetOrg, type TargetOrg } from '../org.js';
import { readProject } from '../project.js';
import type { CommandContext } from '../context.js';

/** Opens the target org's connection at the project's sourceApiVersion. */
export async function connect(ctx: CommandContext): Promise<TargetOrg> {
  let apiVersion: string | undefined;
  try {
    apiVersion = readProject(ctx.projectDir).sourceApiVersion;
  } catch {
    apiVersion = undefined; // commands other than deploy work outside a project too
  }
  const flag = ctx.flags['target-org'];
  return resolveTargetOrg(typeof flag === 'string' ? flag : undefined, apiVersion);
}

export function stringFlag(ctx: CommandContext, name: string): string | undefined {
  const value = ctx.flags[name];
  return typeof value === 'string' ? value : undefined;
}

/** The --wait flag in milliseconds (1..1440 minutes). */
export function waitMs(ctx: CommandContext): number {
  const raw = stringFlag(ctx, 'wait');
  if (raw === undefined) throw new UsageError('--wait needs a value.');
  return parseIntegerFlag(raw, 'wait', 1, 1440) * 60_000;
}

/** The --test-level flag, validated. */
export function testLevel(ctx: CommandContext): TestLevel {
  return parseTestLevel(stringFlag(ctx, 'test-level') ?? 'RunSpecifiedTests');
}

/** The --jobs-wait flag in milliseconds (0..1440 minutes; 0 = do not wait for active Apex jobs). */
export function jobsWaitMs(ctx: CommandContext): number {
  return parseIntegerFlag(stringFlag(ctx, 'jobs-wait') ?? '10', 'jobs-wait', 0, 1440) * 60_000;
}
