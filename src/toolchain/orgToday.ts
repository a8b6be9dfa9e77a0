/**
 * "Today" is the org's: its clock and its default time zone, as the batch computes it
 * (`CreateDatedConversionRate.todayInOrgTimeZone()`, Organization.TimeZoneSidKey). The toolchain asks
 * the org through anonymous Apex instead of computing a date from the machine's clock, which may be in
 * another time zone, or (a local org with a moved clock, a sandbox's test clock) on another day.
 */
import type { Connection } from '@salesforce/core';
import { executeAnonymous, readMarker } from './apex.js';
import { ApexExecutionError } from './errors.js';
import { NAMES } from './names.js';

export const ORG_TODAY_MARKER = 'DATED_RATES_TODAY';

export function orgTodayApex(): string {
  return `System.debug('${ORG_TODAY_MARKER}=' + String.valueOf(${NAMES.batchClass}.todayInOrgTimeZone()));`;
}

/** The org's today, YYYY-MM-DD (needs the project deployed). */
export async function queryOrgToday(connection: Connection): Promise<string> {
  const what = "Reading the org's today";
  const { logs } = await executeAnonymous(connection, orgTodayApex(), what);
  const today = readMarker(logs, ORG_TODAY_MARKER);
  if (!today || !/^\d{4}-\d{2}-\d{2}$/.test(today))
    throw new ApexExecutionError(what, `no date in the debug log (expected ${ORG_TODAY_MARKER}=YYYY-MM-DD).`);
  return today;
}
