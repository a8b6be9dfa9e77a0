/**
 * Verification of a roll-forward: every active non-corporate currency must have a
 * DatedConversionRate starting on the target date equal to the rate of the period before.
 *
 * Query volume: the history of DatedConversionRate can be long (one row per currency per day
 * for years), so nothing reads it whole. One query returns the target date's rows (at most one
 * per currency); then one `ORDER BY StartDate DESC LIMIT 1` query per active currency returns
 * the previous period. Rows read = 2 x currencies, whatever the history length.
 */
import type { Connection } from '@salesforce/core';
import { ToolchainError, toToolchainError } from './errors.js';
import { NAMES } from './names.js';
import { soqlString } from './format.js';
import { renderTable } from './table.js';

export type VerifyStatus = 'ok' | 'mismatch' | 'missing' | 'no-previous' | 'excluded';

export type VerifyRow = {
  isoCode: string;
  previousDate: string | null;
  previousRate: number | null;
  newRate: number | null;
  status: VerifyStatus;
};

export type VerifyResult = {
  targetDate: string;
  corporateCurrency: string | null;
  rows: VerifyRow[];
  problems: number;
};

type CurrencyRow = { IsoCode: string; IsCorporate: boolean };
type RateRow = { IsoCode: string; ConversionRate: number; StartDate: string };

/** True when two rates are equal up to floating-point noise (rates carry up to 9 decimals, a double ~16 digits). */
export function sameRate(a: number, b: number): boolean {
  return Math.abs(a - b) <= Math.max(1e-15, 1e-12 * Math.max(Math.abs(a), Math.abs(b)));
}

/** Classifies one currency. Pure, so the rules are unit-tested without an org. */
export function classify(
  isoCode: string,
  previous: RateRow | undefined,
  current: RateRow | undefined,
  excluded: boolean
): VerifyRow {
  const row: VerifyRow = {
    isoCode,
    previousDate: previous?.StartDate ?? null,
    previousRate: previous?.ConversionRate ?? null,
    newRate: current?.ConversionRate ?? null,
    status: 'ok'
  };
  if (excluded) row.status = 'excluded';
  else if (!previous) row.status = 'no-previous';
  else if (!current) row.status = 'missing';
  else if (!sameRate(previous.ConversionRate, current.ConversionRate)) row.status = 'mismatch';
  return row;
}

/** Reads ExcludedCurrencies__c of the Default setting; none when the type is not deployed. */
export async function excludedCurrencies(connection: Connection): Promise<Set<string>> {
  try {
    const result = await connection.query<{ ExcludedCurrencies__c: string | null }>(
      `SELECT ExcludedCurrencies__c FROM ${NAMES.settingsType} WHERE DeveloperName = ${soqlString(NAMES.settingsRecord)} LIMIT 1`
    );
    const raw = result.records[0]?.ExcludedCurrencies__c ?? '';
    return new Set(
      raw
        .split(',')
        .map((s) => s.trim().toUpperCase())
        .filter(Boolean)
    );
  } catch {
    return new Set();
  }
}

/** Runs `worker` over `items` with at most `limit` in flight, keeping the order of results. */
export async function mapLimit<T, R>(items: T[], limit: number, worker: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await worker(items[index]);
    }
  });
  await Promise.all(lanes);
  return results;
}

export async function verifyRates(connection: Connection, targetDate: string): Promise<VerifyResult> {
  let currencies: CurrencyRow[];
  try {
    currencies = (
      await connection.query<CurrencyRow>('SELECT IsoCode, IsCorporate FROM CurrencyType WHERE IsActive = true')
    ).records.sort((a, b) => a.IsoCode.localeCompare(b.IsoCode)); // IsoCode is not sortable (Object Reference)
  } catch (error) {
    const mapped = toToolchainError(error);
    if (/INVALID_TYPE|not supported/i.test(mapped.message)) {
      throw new ToolchainError('Multi-currency is not enabled in this org: CurrencyType is not available.', {
        actions: ['npm run setup -- -o <org> runs the preflight checks and says what to enable.'],
        cause: error
      });
    }
    throw mapped;
  }
  const corporate = currencies.find((c) => c.IsCorporate)?.IsoCode ?? null;
  const others = currencies.filter((c) => !c.IsCorporate).map((c) => c.IsoCode);
  const excluded = await excludedCurrencies(connection);
  const current = new Map<string, RateRow>();
  const targetRows = await connection.query<RateRow>(
    `SELECT IsoCode, ConversionRate, StartDate FROM DatedConversionRate WHERE StartDate = ${targetDate}`,
    { autoFetch: true, maxFetch: 10_000 }
  );
  for (const r of targetRows.records) current.set(r.IsoCode, r);
  const latestBefore = new Map<string, RateRow>();
  if (others.length) {
    // The period in force on the day before: StartDate < D and NextStartDate null or >= D — at most
    // one row per currency. No ORDER BY: StartDate is Filter-only (not Sort) in the Object Reference.
    const result = await connection.query<RateRow>(
      `SELECT IsoCode, ConversionRate, StartDate FROM DatedConversionRate WHERE IsoCode IN (${others.map(soqlString).join(', ')}) AND StartDate < ${targetDate} AND (NextStartDate = NULL OR NextStartDate >= ${targetDate})`,
      { autoFetch: true, maxFetch: 10_000 }
    );
    for (const r of result.records) {
      const kept = latestBefore.get(r.IsoCode);
      if (!kept || r.StartDate > kept.StartDate) latestBefore.set(r.IsoCode, r);
    }
  }
  const rows = others.map((iso) =>
    classify(iso, latestBefore.get(iso), current.get(iso), excluded.has(iso.toUpperCase()))
  );
  const problems = rows.filter((r) => r.status === 'mismatch' || r.status === 'missing').length;
  return { targetDate, corporateCurrency: corporate, rows, problems };
}

const LABELS: Record<VerifyStatus, string> = {
  ok: 'OK',
  mismatch: 'MISMATCH',
  missing: 'MISSING',
  'no-previous': 'no previous rate',
  excluded: 'excluded'
};

export function formatVerify(result: VerifyResult): string[] {
  return [
    `Rates starting ${result.targetDate} (corporate currency ${result.corporateCurrency ?? 'none'}):`,
    '',
    ...renderTable(result.rows, [
      { header: 'Currency', get: (r) => r.isoCode },
      { header: 'Previous date', get: (r) => r.previousDate ?? '-' },
      { header: 'Previous rate', get: (r) => r.previousRate ?? '-', align: 'right' },
      { header: 'New rate', get: (r) => r.newRate ?? '-', align: 'right' },
      { header: 'Status', get: (r) => LABELS[r.status] }
    ]),
    '',
    result.problems === 0
      ? `All ${result.rows.length} currencies checked: no problems.`
      : `${result.problems} problem${result.problems === 1 ? '' : 's'} found.`
  ];
}
