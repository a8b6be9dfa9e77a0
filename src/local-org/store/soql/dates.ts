/**
 * SOQL date literals as ranges of local dates [start, end) in the org time zone.
 * https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_dateformats.htm
 * LAST_N_DAYS:n includes today (LAST_N_DAYS:1 is yesterday and today); NEXT_N_DAYS:n starts tomorrow.
 * Weeks start on Sunday (en_US locale).
 */
import { addDays } from '../clock.js';
import { malformedQuery } from '../errors.js';

export interface DateRange {
  start: string;
  end: string;
}

function monthStart(date: string, deltaMonths: number): string {
  const d = new Date(`${date.slice(0, 7)}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + deltaMonths);
  return d.toISOString().slice(0, 10);
}

function yearStart(date: string, delta: number): string {
  return `${String(Number(date.slice(0, 4)) + delta).padStart(4, '0')}-01-01`;
}

function weekStart(date: string, deltaWeeks: number): string {
  const dow = new Date(`${date}T00:00:00Z`).getUTCDay();
  return addDays(date, -dow + 7 * deltaWeeks);
}

export function dateLiteralRange(literal: string, today: string): DateRange {
  const upper = literal.toUpperCase();
  const m = /^([A-Z_0-9]+?)(?::(\d+))?$/.exec(upper);
  const name = m?.[1] ?? upper;
  const n = m?.[2] !== undefined ? Number(m[2]) : undefined;
  const day = (offset: number): DateRange => ({ start: addDays(today, offset), end: addDays(today, offset + 1) });
  switch (name) {
    case 'TODAY':
      return day(0);
    case 'YESTERDAY':
      return day(-1);
    case 'TOMORROW':
      return day(1);
    case 'LAST_WEEK':
      return { start: weekStart(today, -1), end: weekStart(today, 0) };
    case 'THIS_WEEK':
      return { start: weekStart(today, 0), end: weekStart(today, 1) };
    case 'NEXT_WEEK':
      return { start: weekStart(today, 1), end: weekStart(today, 2) };
    case 'LAST_MONTH':
      return { start: monthStart(today, -1), end: monthStart(today, 0) };
    case 'THIS_MONTH':
      return { start: monthStart(today, 0), end: monthStart(today, 1) };
    case 'NEXT_MONTH':
      return { start: monthStart(today, 1), end: monthStart(today, 2) };
    case 'LAST_YEAR':
      return { start: yearStart(today, -1), end: yearStart(today, 0) };
    case 'THIS_YEAR':
      return { start: yearStart(today, 0), end: yearStart(today, 1) };
    case 'NEXT_YEAR':
      return { start: yearStart(today, 1), end: yearStart(today, 2) };
    case 'LAST_90_DAYS':
      return { start: addDays(today, -90), end: addDays(today, 1) };
    case 'NEXT_90_DAYS':
      return { start: addDays(today, 1), end: addDays(today, 91) };
  }
  if (n !== undefined) {
    switch (name) {
      case 'LAST_N_DAYS':
        return { start: addDays(today, -n), end: addDays(today, 1) };
      case 'NEXT_N_DAYS':
        return { start: addDays(today, 1), end: addDays(today, n + 1) };
      case 'N_DAYS_AGO':
        return day(-n);
      case 'LAST_N_WEEKS':
        return { start: weekStart(today, -n), end: weekStart(today, 0) };
      case 'NEXT_N_WEEKS':
        return { start: weekStart(today, 1), end: weekStart(today, n + 1) };
      case 'LAST_N_MONTHS':
        return { start: monthStart(today, -n), end: monthStart(today, 0) };
      case 'NEXT_N_MONTHS':
        return { start: monthStart(today, 1), end: monthStart(today, n + 1) };
    }
  }
  throw malformedQuery(`date literal ${literal} is not supported by the local org`);
}
