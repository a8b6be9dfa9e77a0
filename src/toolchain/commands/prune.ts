/** `prune`: delete the dated rates this project created in a range (all of them with --all), after a confirmation. */
import { createInterface } from 'node:readline/promises';
import type { CommandContext } from '../context.js';
import { ToolchainError, UsageError } from '../errors.js';
import { parseRange, rangeDays } from '../rateSources.js';
import { deleteIds, planPrune, type PruneOutcome } from '../prune.js';
import { connect, stringFlag } from './shared.js';

export type PruneResult = {
  from: string;
  to: string;
  all: boolean;
  planned: number;
  foreign: number;
  rates: PruneOutcome | null;
  provenance: PruneOutcome | null;
};

async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

export async function pruneCommand(ctx: CommandContext): Promise<PruneResult> {
  const { from, to } = parseRange(stringFlag(ctx, 'from'), stringFlag(ctx, 'to'));
  const all = ctx.flags.all === true;
  const { connection } = await connect(ctx);
  const plan = await planPrune(connection, from, to, all);
  const what = `${plan.rateIds.length} dated rate(s) from ${from} to ${to} (${rangeDays(from, to)} days)${all ? ', including rates this project did not create' : ''}`;
  const result: PruneResult = {
    from,
    to,
    all,
    planned: plan.rateIds.length,
    foreign: plan.foreign,
    rates: null,
    provenance: null
  };
  if (plan.rateIds.length === 0 && plan.provenanceIds.length === 0) {
    ctx.ux.log(
      `Nothing to prune from ${from} to ${to}${plan.foreign ? ` (${plan.foreign} rate(s) there were not created by this project; --all deletes them too)` : ''}.`
    );
    return result;
  }
  if (ctx.flags.yes !== true) {
    if (ctx.flags.json === true || !process.stdin.isTTY)
      throw new UsageError(`prune would delete ${what}; pass --yes to confirm (there is no terminal to ask).`);
    if (!(await confirm(`Delete ${what}? [y/N] `))) throw new ToolchainError('Prune cancelled: nothing was deleted.');
  }
  result.rates = await deleteIds(connection, plan.rateIds);
  result.provenance = await deleteIds(connection, plan.provenanceIds);
  ctx.ux.log(
    `Deleted ${result.rates.deleted} dated rate(s) in ${result.rates.callouts} request(s)${result.rates.alreadyGone ? `, ${result.rates.alreadyGone} already gone` : ''}; ${plan.foreign && !all ? `${plan.foreign} rate(s) not created by this project were left alone.` : ''}`.trim()
  );
  if (result.rates.failed.length) {
    for (const f of result.rates.failed) ctx.ux.log(`  ${f.id}: ${f.message}`);
    throw new ToolchainError(`${result.rates.failed.length} dated rate(s) could not be deleted.`, { data: result });
  }
  return result;
}
