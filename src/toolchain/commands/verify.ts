/** `verify`: check the target date's rates. */
import type { CommandContext } from '../cli.js';
import { VerificationError } from '../errors.js';
import { parseDateFlag } from '../flags.js';
import { todayIn } from '../format.js';
import { queryOrgTimeZone } from '../user.js';
import { formatVerify, verifyRates, type VerifyResult } from '../verify.js';
import { formatSourced, verifySourcedRates, type SourcedResult } from '../verifySources.js';
import { connect, stringFlag } from './shared.js';

export async function verifyCommand(ctx: CommandContext): Promise<VerifyResult | SourcedResult> {
  const rawDate = stringFlag(ctx, 'date');
  let targetDate = rawDate === undefined ? undefined : parseDateFlag(rawDate);
  const { connection } = await connect(ctx);
  // the batch's default target date is today in the org's default time zone
  targetDate ??= todayIn(await queryOrgTimeZone(connection), ctx.clock.now());
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
