/**
 * A deploy of a class that a pending scheduled job uses fails ("This schedulable class has jobs
 * pending or in progress"; ApexClass metadata: classes referenced by scheduled jobs cannot be
 * updated while the job is pending). Unless the org's deployment setting lets such deploys through
 * (DeploymentSettings `doesSkipAsyncApexValidation`,
 * https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_deploymentsettings.htm),
 * the toolchain pauses the project's scheduled job for the deploy and schedules it again with the
 * same cron expression afterwards, whether the deploy succeeded or not.
 */
import type { Connection } from '@salesforce/core';
import { NAMES } from './names.js';
import type { Ux } from './output.js';
import { queryScheduledJob, schedule, unschedule, type ScheduledJob } from './schedule.js';

export type PauseOutcome = {
  /** The job that was paused and restored, null when none was scheduled or no pause was needed. */
  paused: { cronExpression: string; restored: boolean } | null;
  /** true when the org's deployment setting lets the deploy through with the job pending. */
  deploymentSettingAllows: boolean;
};

/** DeploymentSettings.doesSkipAsyncApexValidation when the Metadata API lets it be read, else undefined. */
export async function readSkipAsyncApexValidation(connection: Connection): Promise<boolean | undefined> {
  try {
    const read = (await connection.metadata.read('DeploymentSettings', 'Deployment')) as unknown as {
      doesSkipAsyncApexValidation?: boolean | string;
    };
    const value = read?.doesSkipAsyncApexValidation;
    return value === undefined ? undefined : value === true || value === 'true';
  } catch {
    return undefined;
  }
}

const active = (job: ScheduledJob | undefined): job is ScheduledJob =>
  job !== undefined && !['DELETED', 'COMPLETE', 'ERROR'].includes(job.State);

/** Runs `deploy` with the project's scheduled job paused (when it needs to be). */
export async function withSchedulePaused<T>(
  connection: Connection,
  ux: Ux,
  deploy: () => Promise<T>
): Promise<{ result: T; pause: PauseOutcome }> {
  let job: ScheduledJob | undefined;
  try {
    job = await queryScheduledJob(connection);
  } catch {
    job = undefined; // before the first deploy the scheduler class (and so no job) exists
  }
  if (!active(job)) return { result: await deploy(), pause: { paused: null, deploymentSettingAllows: false } };
  if ((await readSkipAsyncApexValidation(connection)) === true) {
    ux.log(
      `The scheduled job "${NAMES.scheduledJobName}" stays scheduled: the org's deployment setting allows deploys with Apex jobs pending (doesSkipAsyncApexValidation).`
    );
    return { result: await deploy(), pause: { paused: null, deploymentSettingAllows: true } };
  }
  const cron = job.CronExpression.trim();
  ux.log(
    `Pausing the scheduled job "${NAMES.scheduledJobName}" ("${cron}") for the deploy: an org refuses to deploy a class a pending scheduled job uses. It is scheduled again right after.`
  );
  await unschedule(connection);
  let restored = false;
  try {
    const result = await deploy();
    await schedule(connection, cron);
    restored = true;
    ux.log(`Scheduled "${NAMES.scheduledJobName}" again with "${cron}".`);
    return { result, pause: { paused: { cronExpression: cron, restored }, deploymentSettingAllows: false } };
  } finally {
    if (!restored) {
      try {
        await schedule(connection, cron);
        ux.log(`Scheduled "${NAMES.scheduledJobName}" again with "${cron}" (the deploy did not succeed).`);
      } catch (error) {
        ux.warn(
          `Could not schedule "${NAMES.scheduledJobName}" again: ${error instanceof Error ? error.message : String(error)}. Run: npm run schedule -- -o <org> --cron '${cron}'`
        );
      }
    }
  }
}
