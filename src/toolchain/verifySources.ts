/**
 * Verification of a run from rate sources: every active non-corporate currency must have a positive
 * DatedConversionRate on the target date, and a DatedRateProvenance__c row must say which source and
 * fixing date it came from (rates taken from a source are not equal to the previous ones, so the
 * roll-forward check of verify.ts does not apply). Three queries, whatever the history length.
 */
import type { Connection } from '@salesforce/core';
import { excludedCurrencies } from './verify.js';
import { queryProjectObject } from './job.js';
import { renderTable } from './table.js';
import { toToolchainError } from './errors.js';

export type SourcedRow = {
  isoCode: string;
  rate: number | null;
  source: string | null;
  fixingDate: string | null;
  status: 'ok' | 'missing' | 'invalid' | 'no-provenance' | 'excluded';
};
export type SourcedResult = { targetDate: string; rows: SourcedRow[]; problems: number };

type Provenance = { IsoCode__c: string; Source__c: string; FixingDate__c: string | null; ConversionRate__c: number };

export async function verifySourcedRates(connection: Connection, targetDate: string): Promise<SourcedResult> {
  let currencies: { IsoCode: string; IsCorporate: boolean }[];
  let rates: { IsoCode: string; ConversionRate: number }[];
  try {
    currencies = (
      await connection.query<{ IsoCode: string; IsCorporate: boolean }>(
        // CurrencyType fields are filter-only in the Object Reference: no ORDER BY, sorted here.
        'SELECT IsoCode, IsCorporate FROM CurrencyType WHERE IsActive = true'
      )
    ).records.sort((a, b) => a.IsoCode.localeCompare(b.IsoCode));
    rates = (
      await connection.query<{ IsoCode: string; ConversionRate: number }>(
        `SELECT IsoCode, ConversionRate FROM DatedConversionRate WHERE StartDate = ${targetDate}`,
        { autoFetch: true, maxFetch: 10_000 }
      )
    ).records;
  } catch (error) {
    throw toToolchainError(error);
  }
  const provenance = await queryProjectObject<Provenance>(
    connection,
    `SELECT IsoCode__c, Source__c, FixingDate__c, ConversionRate__c FROM DatedRateProvenance__c WHERE StartDate__c = ${targetDate}`,
    'DatedRateProvenance__c'
  );
  const excluded = await excludedCurrencies(connection);
  const rateOf = new Map(rates.map((r) => [r.IsoCode, r.ConversionRate]));
  const originOf = new Map(provenance.map((p) => [p.IsoCode__c, p]));
  const rows: SourcedRow[] = currencies
    .filter((c) => !c.IsCorporate)
    .map((c) => {
      const rate = rateOf.get(c.IsoCode) ?? null;
      const origin = originOf.get(c.IsoCode);
      let status: SourcedRow['status'] = 'ok';
      if (excluded.has(c.IsoCode.toUpperCase())) status = 'excluded';
      else if (rate === null) status = 'missing';
      else if (!(rate > 0)) status = 'invalid';
      else if (!origin) status = 'no-provenance';
      return {
        isoCode: c.IsoCode,
        rate,
        source: origin?.Source__c ?? null,
        fixingDate: origin?.FixingDate__c ?? null,
        status
      };
    });
  return { targetDate, rows, problems: rows.filter((r) => r.status !== 'ok' && r.status !== 'excluded').length };
}

export function formatSourced(result: SourcedResult): string[] {
  const counts = new Map<string, number>();
  for (const r of result.rows) if (r.source) counts.set(r.source, (counts.get(r.source) ?? 0) + 1);
  return [
    ...renderTable(result.rows, [
      { header: 'Currency', get: (r) => r.isoCode },
      { header: 'Rate', get: (r) => (r.rate === null ? '' : String(r.rate)), align: 'right' },
      { header: 'Source', get: (r) => r.source ?? '' },
      { header: 'Fixing date', get: (r) => r.fixingDate ?? '' },
      { header: 'Status', get: (r) => (r.status === 'ok' ? 'OK' : r.status.toUpperCase()) }
    ]),
    `Sources: ${[...counts].map(([s, n]) => `${s} ${n}`).join(', ') || 'none'}.`,
    result.problems === 0
      ? `All ${result.rows.length} currencies have a sourced rate for ${result.targetDate}: no problems.`
      : `${result.problems} problem(s) for ${result.targetDate}.`
  ];
}
