/** `run`: start the batch, follow the job, print the run summary. */
import type { CommandContext } from '../context.js';
import { parseBatchSize, parseDateFlag } from '../flags.js';
import {
  assertRunSucceeded,
  formatJob,
  formatRun,
  queryRunForJob,
  startBatch,
  waitForJob,
  type AsyncApexJob,
  type RunRecord
} from '../job.js';
import { parseSources } from '../rateSources.js';
import { connect, stringFlag, waitMs } from './shared.js';

export type RunResult = { jobId: string; job: AsyncApexJob; run: RunRecord | null };

export async function runCommandImpl(ctx: CommandContext): Promise<RunResult> {
  const rawDate = stringFlag(ctx, 'date');
  const rawSize = stringFlag(ctx, 'batch-size');
  const targetDate = rawDate === undefined ? undefined : parseDateFlag(rawDate);
  const batchSize = rawSize === undefined ? undefined : parseBatchSize(rawSize);
  const rawSource = stringFlag(ctx, 'source');
  const sources = rawSource === undefined ? undefined : parseSources(rawSource);
  const timeout = waitMs(ctx);
  const { connection } = await connect(ctx);
  const jobId = await startBatch(connection, targetDate, batchSize, sources);
  ctx.ux.log(
    `Started batch job ${jobId}${targetDate ? ` for ${targetDate}` : ''}${batchSize ? ` (scope ${batchSize})` : ''}${sources ? ` from ${sources}` : ''}.`
  );
  const job = await waitForJob(connection, jobId, { ux: ctx.ux, clock: ctx.clock, timeoutMs: timeout });
  ctx.ux.log(formatJob(job));
  const run = await queryRunForJob(connection, jobId);
  if (run) for (const line of formatRun(run)) ctx.ux.log(line);
  assertRunSucceeded(job, run);
  return { jobId, job, run: run ?? null };
}
