/**
 * Starting the roll-forward batch, following its AsyncApexJob and reading the run summary the
 * batch recorded in DatedRateRun__c.
 */
import type { Connection } from '@salesforce/core';
import { apexString, executeAnonymous, readMarker } from './apex.js';
import { ApexExecutionError, JobFailedError, TimeoutError, ToolchainError, toToolchainError } from './errors.js';
import { NAMES, RUN_FIELDS } from './names.js';
import type { Ux } from './output.js';
import { renderTable } from './table.js';
import type { Clock } from './context.js';
import { formatDateTime, soqlString } from './format.js';

export const JOB_ID_MARKER = 'DATED_RATES_JOB_ID';

/**
 * Anonymous Apex that starts the batch. `CreateDatedConversionRate.run(Date, Integer)` returns
 * the AsyncApexJob id; null arguments mean "today" and "the Default setting's batch size".
 */
export function startBatchApex(targetDate?: string, batchSize?: number, sources?: string): string {
  return [
    `Date targetDate = ${targetDate ? `Date.valueOf('${targetDate}')` : 'null'};`,
    `Integer batchSize = ${batchSize ?? 'null'};`,
    sources
      ? `Id jobId = ${NAMES.batchClass}.run(targetDate, batchSize, ${apexString(sources)});`
      : `Id jobId = ${NAMES.batchClass}.run(targetDate, batchSize);`,
    `System.debug('${JOB_ID_MARKER}=' + jobId);`
  ].join('\n');
}

/** Starts the batch and returns the AsyncApexJob id read from the debug log. */
export async function startBatch(
  connection: Connection,
  targetDate?: string,
  batchSize?: number,
  sources?: string
): Promise<string> {
  const { logs } = await executeAnonymous(
    connection,
    startBatchApex(targetDate, batchSize, sources),
    'Starting the batch'
  );
  const jobId = readMarker(logs, JOB_ID_MARKER);
  if (!jobId || !/^[a-zA-Z0-9]{15,18}$/.test(jobId)) {
    throw new ApexExecutionError(
      'Starting the batch',
      `no job id in the debug log (expected a line ${JOB_ID_MARKER}=<AsyncApexJob id>, got ${jobId ? `"${jobId}"` : 'none'}).`
    );
  }
  return jobId;
}

export type AsyncApexJob = {
  Id: string;
  Status: string;
  JobItemsProcessed: number;
  TotalJobItems: number | null;
  NumberOfErrors: number;
  ExtendedStatus: string | null;
  CreatedDate?: string;
  CompletedDate?: string | null;
};

export const JOB_FIELDS =
  'Id, Status, JobItemsProcessed, TotalJobItems, NumberOfErrors, ExtendedStatus, CreatedDate, CompletedDate';
const FINISHED = new Set(['Completed', 'Failed', 'Aborted']);

export async function queryJob(connection: Connection, jobId: string): Promise<AsyncApexJob | undefined> {
  const result = await connection.query<AsyncApexJob>(
    `SELECT ${JOB_FIELDS} FROM AsyncApexJob WHERE Id = ${soqlString(jobId)}`
  );
  return result.records[0];
}

/** The first wait between two polls of a job; each next wait doubles, up to the interval. */
export const FIRST_POLL_MS = 250;

/**
 * Polls the job until it is Completed, Failed or Aborted, drawing a progress bar. The waits between
 * polls start at FIRST_POLL_MS and double up to `intervalMs` (2 s): a job that finishes in a moment
 * (a small batch, the local org) is seen at once, a long one is polled every 2 s.
 * @throws TimeoutError when `timeoutMs` passes first
 */
export async function waitForJob(
  connection: Connection,
  jobId: string,
  options: { ux: Ux; clock: Clock; timeoutMs: number; intervalMs?: number }
): Promise<AsyncApexJob> {
  const maxInterval = options.intervalMs ?? 2000;
  let interval = Math.min(FIRST_POLL_MS, maxInterval);
  const deadline = options.clock.now() + options.timeoutMs;
  for (;;) {
    const job = await queryJob(connection, jobId);
    if (job) {
      options.ux.progressBar(job.JobItemsProcessed ?? 0, job.TotalJobItems ?? 0, `batch ${job.Status}`);
      if (FINISHED.has(job.Status)) {
        options.ux.clearProgress();
        return job;
      }
    }
    if (options.clock.now() >= deadline) {
      throw new TimeoutError(`batch job ${jobId}`, Math.round(options.timeoutMs / 1000), [
        'The job keeps running in the org; follow it with npm run status -- -o <org>.'
      ]);
    }
    await options.clock.sleep(interval);
    interval = Math.min(interval * 2, maxInterval);
  }
}

export type RunRecord = {
  Id: string;
  Name: string;
  JobId__c: string | null;
  TargetDate__c: string | null;
  Status__c: string | null;
  CreatedCount__c: number | null;
  UpdatedCount__c: number | null;
  SkippedCount__c: number | null;
  FailedCount__c: number | null;
  CalloutCount__c: number | null;
  Message__c: string | null;
  Failures__c: string | null;
  StartedAt__c: string | null;
  FinishedAt__c: string | null;
};

export type RunFailure = { isoCode: string; errorCode: string; message: string };

/** Runs a query on a project object, turning "not supported" into "deploy first". */
export async function queryProjectObject<T extends Record<string, unknown>>(
  connection: Connection,
  soql: string,
  objectName: string
): Promise<T[]> {
  try {
    return (await connection.query<T>(soql)).records;
  } catch (error) {
    const mapped = toToolchainError(error);
    if (/INVALID_TYPE|is not supported/i.test(mapped.message) && mapped.message.includes(objectName)) {
      throw new ToolchainError(`${objectName} is not in the org: the project is not deployed.`, {
        actions: ['npm run deploy -- -o <org>  (or npm run setup -- -o <org>)'],
        cause: error
      });
    }
    throw mapped;
  }
}

/** The run record of a job (matches the 15- and 18-character forms of the id). */
export async function queryRunForJob(connection: Connection, jobId: string): Promise<RunRecord | undefined> {
  const ids = [...new Set([jobId, jobId.slice(0, 15)])].map(soqlString).join(', ');
  const records = await queryProjectObject<RunRecord>(
    connection,
    `SELECT ${RUN_FIELDS.join(', ')} FROM ${NAMES.runObject} WHERE JobId__c IN (${ids}) ORDER BY CreatedDate DESC LIMIT 1`,
    NAMES.runObject
  );
  return records[0];
}

/** The most recent run record. */
export async function queryLastRun(connection: Connection): Promise<RunRecord | undefined> {
  const records = await queryProjectObject<RunRecord>(
    connection,
    `SELECT ${RUN_FIELDS.join(', ')} FROM ${NAMES.runObject} ORDER BY CreatedDate DESC LIMIT 1`,
    NAMES.runObject
  );
  return records[0];
}

/** Parses Failures__c (a JSON array); tolerates blanks and reports garbage as one failure. */
export function parseFailures(value: string | null): RunFailure[] {
  if (!value) return [];
  try {
    const parsed: unknown = JSON.parse(value);
    if (!Array.isArray(parsed)) throw new Error('not an array');
    return parsed.map((f: Partial<RunFailure>) => ({
      isoCode: String(f.isoCode ?? ''),
      errorCode: String(f.errorCode ?? ''),
      message: String(f.message ?? '')
    }));
  } catch {
    return [{ isoCode: '', errorCode: 'UNREADABLE_FAILURES', message: value.slice(0, 200) }];
  }
}

/** Human lines for a run summary. */
export function formatRun(run: RunRecord): string[] {
  const n = (v: number | null): number => v ?? 0;
  const lines = [
    `Run ${run.Name} for ${run.TargetDate__c ?? '?'}: ${run.Status__c ?? 'unknown status'}`,
    `  created ${n(run.CreatedCount__c)}, updated ${n(run.UpdatedCount__c)}, skipped ${n(run.SkippedCount__c)}, failed ${n(run.FailedCount__c)}, callouts ${n(run.CalloutCount__c)}`,
    `  started ${formatDateTime(run.StartedAt__c)}, finished ${formatDateTime(run.FinishedAt__c)}`
  ];
  if (run.Message__c) lines.push(`  ${run.Message__c}`);
  const failures = parseFailures(run.Failures__c);
  if (failures.length) {
    lines.push(
      '',
      ...renderTable(failures, [
        { header: 'Currency', get: (f) => f.isoCode },
        { header: 'Error', get: (f) => f.errorCode },
        { header: 'Message', get: (f) => f.message }
      ])
    );
  }
  return lines;
}

/** Human line for a job. */
export function formatJob(job: AsyncApexJob): string {
  const extended = job.ExtendedStatus ? ` — ${job.ExtendedStatus}` : '';
  return `Job ${job.Id}: ${job.Status}, ${job.JobItemsProcessed}/${job.TotalJobItems ?? 0} batches, ${job.NumberOfErrors} errors${extended}`;
}

/**
 * @throws JobFailedError when the job did not complete or the run did not succeed
 */
export function assertRunSucceeded(job: AsyncApexJob, run: RunRecord | undefined): void {
  if (job.Status !== 'Completed') {
    throw new JobFailedError(
      `The batch job ${job.Id} ended ${job.Status}${job.ExtendedStatus ? `: ${job.ExtendedStatus}` : ''}.`,
      {
        job,
        run
      }
    );
  }
  if (!run) {
    throw new JobFailedError(`The batch job ${job.Id} completed but recorded no ${NAMES.runObject}.`, { job });
  }
  if (run.Status__c !== 'Succeeded') {
    throw new JobFailedError(
      `The run ${run.Name} ended ${run.Status__c ?? 'without a status'}: ${run.FailedCount__c ?? 0} failed. ${run.Message__c ?? ''}`.trim(),
      { job, run, failures: parseFailures(run.Failures__c) }
    );
  }
}
