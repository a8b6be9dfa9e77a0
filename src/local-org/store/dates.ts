/**
 * Date and DateTime validation as the platform validates them: real calendar dates only (no
 * February 30) and the documented range, 1700-01-01T00:00:00Z to 4000-12-31T00:00:00Z GMT
 * (https://developer.salesforce.com/docs/atlas.en-us.dataLoader.meta/dataLoader/data_loader_dates.htm,
 * https://help.salesforce.com/s/articleView?id=000383587&type=1).
 */
export const MIN_DATE = '1700-01-01';
export const MAX_DATE = '4000-12-31';
const MIN_MS = Date.UTC(1700, 0, 1);
const MAX_MS = Date.UTC(4000, 11, 31);

const DATE_PREFIX = /^(\d{4})-(\d{2})-(\d{2})/;

/** True when `y-m-d` names a day that exists (leap years included). */
export function isCalendarDay(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return d <= days[m - 1];
}

/** True when the text starts with YYYY-MM-DD and that day exists. */
export function hasCalendarDatePrefix(text: string): boolean {
  const m = DATE_PREFIX.exec(text);
  return m !== null && isCalendarDay(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** A `YYYY-MM-DD` date inside the platform's range. */
export function isDateInRange(date: string): boolean {
  return date >= MIN_DATE && date <= MAX_DATE;
}

/** An instant (ms since the epoch) inside the platform's DateTime range. */
export function isDateTimeInRange(ms: number): boolean {
  return ms >= MIN_MS && ms <= MAX_MS;
}

/**
 * Parses a date-time: text that starts with YYYY-MM-DD must name a real day (no 2026-02-30T…), other
 * forms are read as Date.parse reads them (clients such as the sf CLI send RFC 1123 dates, e.g. a
 * TraceFlag's ExpirationDate). Returns the instant, or undefined.
 */
export function parseIsoDateTime(text: string): number | undefined {
  if (DATE_PREFIX.test(text) && !hasCalendarDatePrefix(text)) return undefined;
  const ms = Date.parse(text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(ms) ? undefined : ms;
}
