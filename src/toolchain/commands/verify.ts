/** `verify`: check the target date's rates. */
import type { CommandContext } from '../context.js';
import { NoRunYetError, VerificationError } from '../errors.js';
import { parseDateFlag } from '../flags.js';
import { queryLastRun } from '../job.js';
import { formatVerify, verifyRates, type VerifyResult } from '../verify.js';
import { formatSourced, verifySourcedRates, type SourcedResult } from '../verifySources.js';
import { connect, stringFlag } from './shared.js';

export async function verifyCommand(ctx: CommandContext): Promise<VerifyResult | SourcedResult> {
  const rawDate = stringFlag(ctx, 'date');
  let targetDate = rawDate === undefined ? undefined : parseDateFlag(rawDate);
  const { connection } = await connect(ctx);
  // The org decides "today" (the batch's Date.today() in the org's time zone, on the org's clock): the
  // toolchain never computes it with the host clock, it verifies the date the last run targeted.
  if (targetDate === undefined) {
    const last = await queryLastRun(connection);
    if (!last?.TargetDate__c) throw new NoRunYetError();
    targetDate = last.TargetDate__c;
  }
  if (ctx.flags.sourced === true) {
    const sourced = await verifySourcedRates(connection, targetDate);
    for (const line of formatSourced(sourced)) ctx.ux.log(line);
    if (sourced.problems > 0) throw new VerificationError(sourced.problems, targetDate, sourced);
    return sourced;
  }
  const result = await verifyRates(connection, targetDate);
  for (const line of formatVerify(result)) ctx.ux.log(line);
  if (result.problems > 0) throw new VerificationError(result.problems, targetDate, result);
  return result;
}
