/** `schedule` and `unschedule`. */
import type { CommandContext } from '../context.js';
import { ToolchainError } from '../errors.js';
import { parseCron } from '../flags.js';
import { formatDateTime } from '../format.js';
import { NAMES, DEFAULT_CRON } from '../names.js';
import { schedule, unschedule, type ScheduleOutcome } from '../schedule.js';
import { connect, stringFlag } from './shared.js';

export async function scheduleCommand(ctx: CommandContext): Promise<ScheduleOutcome & { cron: string }> {
  const cron = parseCron(stringFlag(ctx, 'cron') ?? DEFAULT_CRON);
  const { connection } = await connect(ctx);
  const outcome = await schedule(connection, cron);
  if (!outcome.job) {
    throw new ToolchainError(`Scheduling ran but no job named "${NAMES.scheduledJobName}" is scheduled.`, {
      actions: [`Check ${NAMES.schedulerClass}.scheduleDaily in the org (Setup > Scheduled Jobs).`]
    });
  }
  const next = formatDateTime(outcome.job.NextFireTime) || 'unknown';
  if (!outcome.changed) ctx.ux.log(`Already scheduled with "${cron}": nothing changed. Next run ${next}.`);
  else if (outcome.previous)
    ctx.ux.log(`Replaced "${outcome.previous.CronExpression}" with "${cron}". Next run ${next}.`);
  else ctx.ux.log(`Scheduled "${NAMES.scheduledJobName}" with "${cron}". Next run ${next}.`);
  return { ...outcome, cron };
}

export async function unscheduleCommand(ctx: CommandContext): Promise<ScheduleOutcome> {
  const { connection } = await connect(ctx);
  const outcome = await unschedule(connection);
  if (outcome.job) {
    throw new ToolchainError(`"${NAMES.scheduledJobName}" is still scheduled after unschedule.`, {
      actions: ['Delete it in Setup > Scheduled Jobs.']
    });
  }
  ctx.ux.log(
    outcome.changed ? `Removed the schedule "${NAMES.scheduledJobName}".` : 'Nothing is scheduled: nothing changed.'
  );
  return outcome;
}
