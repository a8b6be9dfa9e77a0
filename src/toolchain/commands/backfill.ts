/** `backfill`: create the missing dated rates of a range from the rate sources, follow the job, print the summary. */
import type { CommandContext } from '../context.js';
import { startBackfill } from '../backfill.js';
import {
  assertRunSucceeded,
  formatJob,
  formatRun,
  queryRunForJob,
  waitForJob,
  type AsyncApexJob,
  type RunRecord
} from '../job.js';
import { parseRange, parseSources, rangeDays } from '../rateSources.js';
import { queryOrgToday } from '../orgToday.js';
import { connect, stringFlag, waitMs } from './shared.js';

export type BackfillResult = { jobId: string; from: string; to: string; job: AsyncApexJob; run: RunRecord | null };

export async function backfillCommand(ctx: CommandContext): Promise<BackfillResult> {
  parseRange(stringFlag(ctx, 'from'), stringFlag(ctx, 'to'));
  const rawSource = stringFlag(ctx, 'source');
  const sources = rawSource === undefined ? undefined : parseSources(rawSource);
  const timeout = waitMs(ctx);
  const { connection } = await connect(ctx);
  // The org's today (its clock, its time zone), never the machine's: --to must not be after it.
  const today = await queryOrgToday(connection);
  const { from, to } = parseRange(stringFlag(ctx, 'from'), stringFlag(ctx, 'to'), today);
  const jobId = await startBackfill(connection, from, to, sources);
  ctx.ux.log(
    `Started backfill job ${jobId} for ${from}..${to} (${rangeDays(from, to)} days)${sources ? ` from ${sources}` : ''}.`
  );
  const job = await waitForJob(connection, jobId, { ux: ctx.ux, clock: ctx.clock, timeoutMs: timeout });
  ctx.ux.log(formatJob(job));
  const run = await queryRunForJob(connection, jobId);
  if (run) for (const line of formatRun(run)) ctx.ux.log(line);
  assertRunSucceeded(job, run);
  return { jobId, from, to, job, run: run ?? null };
}
