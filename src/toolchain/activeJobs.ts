/**
 * Apex jobs of the project's classes that are queued or running block a deploy of those classes: "By
 * default, you can't deploy updates to an Apex class if there are one or more active jobs for that
 * class" (ApexClass, https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_classes.htm),
 * unless the org's deployment setting allows it (DeploymentSettings `doesSkipAsyncApexValidation`,
 * https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_deploymentsettings.htm).
 * Before deploying, the toolchain waits for such jobs (batch, queueable, future) to finish, with
 * progress, up to `--jobs-wait` minutes; then it stops with the jobs named instead of sending a deploy
 * the org would reject. Scheduled jobs are paused instead (schedulePause.ts).
 */
import type { Connection } from '@salesforce/core';
import type { Clock } from './context.js';
import { ToolchainError } from './errors.js';
import { soqlString } from './format.js';
import type { Ux } from './output.js';
import { readSkipAsyncApexValidation } from './schedulePause.js';

/** AsyncApexJob statuses of a job that has not finished (Object Reference, AsyncApexJob.Status). */
export const ACTIVE_JOB_STATUSES = ['Holding', 'Queued', 'Preparing', 'Processing'] as const;

export type ActiveJob = {
  Id: string;
  Status: string;
  JobType: string;
  JobItemsProcessed: number | null;
  TotalJobItems: number | null;
  ApexClass: { Name: string } | null;
};

/** The queued or running batch, queueable and future jobs of the given classes. */
export async function queryActiveJobs(connection: Connection, classNames: readonly string[]): Promise<ActiveJob[]> {
  if (classNames.length === 0) return [];
  const soql =
    'SELECT Id, Status, JobType, JobItemsProcessed, TotalJobItems, ApexClass.Name FROM AsyncApexJob' +
    ` WHERE Status IN (${ACTIVE_JOB_STATUSES.map(soqlString).join(', ')})` +
    " AND JobType IN ('BatchApex', 'Queueable', 'Future')" +
    ` AND ApexClass.Name IN (${classNames.map(soqlString).join(', ')})`;
  try {
    return (await connection.query<ActiveJob>(soql)).records;
  } catch {
    return []; // before the first deploy no project class exists; the deploy itself reports real problems
  }
}

const describeJob = (j: ActiveJob): string =>
  `${j.Id} ${j.ApexClass?.Name ?? '?'} (${j.JobType}, ${j.Status}${
    j.TotalJobItems ? `, ${j.JobItemsProcessed ?? 0}/${j.TotalJobItems} batches` : ''
  })`;

/** Thrown when the project's Apex jobs are still active after `--jobs-wait` minutes. */
export class ActiveJobsError extends ToolchainError {
  public constructor(jobs: readonly ActiveJob[], waitedSeconds: number) {
    super(
      `${jobs.length} Apex job(s) of the project's classes still queued or running${
        waitedSeconds > 0 ? ` after ${waitedSeconds} s` : ''
      }: ${jobs.map(describeJob).join('; ')}. An org refuses to deploy a class with active jobs ("This Apex class has batch or future jobs pending or in progress"), so nothing was deployed.`,
      {
        actions: [
          'Wait for the job(s) to finish (npm run status -- -o <org>), then deploy again; or give the deploy more time with --jobs-wait <minutes>.',
          `Or abort them first (anonymous Apex): ${jobs.map((j) => `System.abortJob('${j.Id}');`).join(' ')}`,
          'Or allow deploys with Apex jobs pending: Setup > Deployment Settings (DeploymentSettings.doesSkipAsyncApexValidation).'
        ],
        data: { jobs }
      }
    );
  }
}

export type ActiveJobsOutcome = {
  /** Jobs that were active when the deploy was asked for (and were waited for). */
  waitedFor: string[];
  /** true when the org's deployment setting lets the deploy through with the jobs active. */
  deploymentSettingAllows: boolean;
};

/**
 * Waits until none of the classes has a queued or running job, polling every `intervalMs`.
 * @throws ActiveJobsError when jobs are still active after `timeoutMs` (0: do not wait)
 */
export async function waitForNoActiveJobs(
  connection: Connection,
  classNames: readonly string[],
  options: { ux: Ux; clock: Clock; timeoutMs: number; intervalMs?: number }
): Promise<ActiveJobsOutcome> {
  const { ux, clock } = options;
  let jobs = await queryActiveJobs(connection, classNames);
  if (jobs.length === 0) return { waitedFor: [], deploymentSettingAllows: false };
  if ((await readSkipAsyncApexValidation(connection)) === true) {
    ux.log(
      `${jobs.length} Apex job(s) of the project's classes are active; the org's deployment setting allows deploys with Apex jobs pending (doesSkipAsyncApexValidation), so the deploy goes ahead.`
    );
    return { waitedFor: [], deploymentSettingAllows: true };
  }
  const waitedFor = jobs.map((j) => j.Id);
  if (options.timeoutMs <= 0) throw new ActiveJobsError(jobs, 0);
  const interval = options.intervalMs ?? 5000;
  const started = clock.now();
  ux.log(
    `Waiting for ${jobs.length} Apex job(s) of the project's classes to finish before deploying (an org refuses to deploy a class with active jobs; at most ${Math.round(options.timeoutMs / 60_000)} min, --jobs-wait): ${jobs.map(describeJob).join('; ')}`
  );
  for (;;) {
    const done = jobs.reduce((n, j) => n + (j.JobItemsProcessed ?? 0), 0);
    const total = jobs.reduce((n, j) => n + (j.TotalJobItems ?? 0), 0);
    ux.progressBar(done, total, `${jobs.length} job(s) ${jobs.map((j) => j.Status).join(', ')}`);
    if (clock.now() - started >= options.timeoutMs) {
      ux.clearProgress();
      throw new ActiveJobsError(jobs, Math.round((clock.now() - started) / 1000));
    }
    await clock.sleep(interval);
    jobs = await queryActiveJobs(connection, classNames);
    if (jobs.length === 0) {
      ux.clearProgress();
      ux.log(`The project's Apex jobs have finished (${waitedFor.join(', ')}): deploying.`);
      return { waitedFor, deploymentSettingAllows: false };
    }
  }
}
