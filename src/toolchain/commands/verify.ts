/** `verify`: check the target date's rates. */
import type { CommandContext } from '../cli.js';
import { VerificationError } from '../errors.js';
import { parseDateFlag } from '../flags.js';
import { todayIn } from '../format.js';
import { queryRunningUser } from '../user.js';
import { formatVerify, verifyRates, type VerifyResult } from '../verify.js';
import { connect, stringFlag } from './shared.js';

export async function verifyCommand(ctx: CommandContext): Promise<VerifyResult> {
  const rawDate = stringFlag(ctx, 'date');
  let targetDate = rawDate === undefined ? undefined : parseDateFlag(rawDate);
  const { connection, username } = await connect(ctx);
  if (!targetDate) {
    const user = await queryRunningUser(connection, username);
    targetDate = todayIn(user.TimeZoneSidKey ?? undefined, ctx.clock.now());
  }
  const result = await verifyRates(connection, targetDate);
  for (const line of formatVerify(result)) ctx.ux.log(line);
  if (result.problems > 0) throw new VerificationError(result.problems, targetDate, result);
  return result;
}
