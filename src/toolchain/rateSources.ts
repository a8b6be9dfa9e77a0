/**
 * Rate-source names and backfill/prune ranges, checked before anything loads or connects. The org
 * checks them again (DatedRateSourceSettings, DatedRateBackfill.validateRange) against its own today.
 */
import { UsageError } from './errors.js';
import { parseDateFlag } from './flags.js';

/** Canonical names of the Apex sources (DatedRateSourceSettings.KNOWN_SOURCES). */
export const SOURCE_NAMES = ['ECB', 'OXR', 'RollForward'] as const;

/** `--source ecb,rollforward` → `ECB,RollForward`. */
export function parseSources(value: string): string {
  const names = value
    .split(/[,;\s]+/)
    .filter((s) => s !== '')
    .map((s) => {
      const hit = SOURCE_NAMES.find((n) => n.toLowerCase() === s.toLowerCase());
      if (!hit)
        throw new UsageError(
          `--source "${s}" is not a rate source; use ${SOURCE_NAMES.join(', ')} (comma-separated, in fallback order).`
        );
      return hit;
    });
  if (names.length === 0) throw new UsageError(`--source needs at least one of ${SOURCE_NAMES.join(', ')}.`);
  return [...new Set(names)].join(',');
}

/** Longest range the toolchain accepts (MaxBackfillDays__c may be lower; the org says so). */
export const MAX_RANGE_DAYS = 3660;

const DAY_MS = 86_400_000;

/** Days from `from` to `to`, both included. */
export function rangeDays(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;
}

/**
 * Validates --from/--to: both given, real dates, from ≤ to, `to` not after the org's today, at most
 * MAX_RANGE_DAYS days.
 */
export function parseRange(
  from: string | undefined,
  to: string | undefined,
  today?: string
): { from: string; to: string } {
  if (from === undefined || to === undefined)
    throw new UsageError('Give the range with --from YYYY-MM-DD and --to YYYY-MM-DD.');
  parseDateFlag(from, 'from');
  parseDateFlag(to, 'to');
  if (from > to) throw new UsageError(`--from ${from} is after --to ${to}; the range must start on or before its end.`);
  if (today !== undefined && to > today)
    throw new UsageError(
      `--to ${to} is in the future (today is ${today} in the org's time zone); rates of future days are not published yet.`
    );
  const days = rangeDays(from, to);
  if (days > MAX_RANGE_DAYS)
    throw new UsageError(`The range has ${days} days; at most ${MAX_RANGE_DAYS}. Split it into several runs.`);
  return { from, to };
}
