/** `status`: schedule, last job, last run, and whether the org hands out the client app's secret. */
import type { CommandContext } from '../context.js';
import { formatDateTime } from '../format.js';
import { formatJob, formatRun, JOB_FIELDS, queryLastRun, type AsyncApexJob, type RunRecord } from '../job.js';
import { NAMES } from '../names.js';
import { queryScheduledJob, type ScheduledJob } from '../schedule.js';
import { soqlString } from '../format.js';
import { checkClientAppSecrets, formatChecks, type CheckResult } from '../preflight.js';
import { connect } from './shared.js';

export type StatusResult = {
  schedule: ScheduledJob | null;
  lastJob: AsyncApexJob | null;
  lastRun: RunRecord | null;
  /** The preflight's report of ExternalClientAppSettings.enableConsumerSecretApiAccess. */
  clientAppSecrets: CheckResult;
};

export async function statusCommand(ctx: CommandContext): Promise<StatusResult> {
  const { connection } = await connect(ctx);
  const [scheduled, jobs, run, clientAppSecrets] = await Promise.all([
    queryScheduledJob(connection),
    connection.query<AsyncApexJob>(
      `SELECT ${JOB_FIELDS} FROM AsyncApexJob WHERE JobType = 'BatchApex' AND ApexClass.Name = ${soqlString(NAMES.batchClass)} ORDER BY CreatedDate DESC LIMIT 1`
    ),
    queryLastRun(connection),
    checkClientAppSecrets(connection)
  ]);
  const lastJob = jobs.records[0];
  ctx.ux.log(
    scheduled
      ? `Schedule: "${scheduled.CronExpression}" (${scheduled.State}), next run ${formatDateTime(scheduled.NextFireTime) || 'none'}, previous ${formatDateTime(scheduled.PreviousFireTime) || 'none'}`
      : 'Schedule: not scheduled (npm run schedule -- -o <org>)'
  );
  ctx.ux.log(
    lastJob
      ? `Last job: ${formatJob(lastJob).replace(/^Job /, '')}, created ${formatDateTime(lastJob.CreatedDate)}`
      : 'Last job: none'
  );
  if (run) for (const line of formatRun(run)) ctx.ux.log(line);
  else ctx.ux.log('Last run: none recorded');
  for (const line of formatChecks([clientAppSecrets])) ctx.ux.log(line);
  return { schedule: scheduled ?? null, lastJob: lastJob ?? null, lastRun: run ?? null, clientAppSecrets };
}
