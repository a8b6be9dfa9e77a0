/** Small formatting helpers for SOQL literals, dates and time zones. */

/** Formats a Salesforce date/time for humans (ISO without milliseconds). */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '';
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? value : d.toISOString().replace('.000Z', 'Z');
}

/** Quotes a value as a SOQL string literal. */
export function soqlString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** Today's date (YYYY-MM-DD) in an IANA time zone such as the user's TimeZoneSidKey. */
export function todayIn(timeZone: string | undefined, now: number): string {
  try {
    return new Intl.DateTimeFormat('en-CA', {
      timeZone: timeZone || 'UTC',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit'
    }).format(new Date(now));
  } catch {
    return new Date(now).toISOString().slice(0, 10);
  }
}
