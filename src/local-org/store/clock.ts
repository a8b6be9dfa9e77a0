/**
 * The org clock: real time by default, settable and advanceable for tests. "Today" is the date in
 * the org's time zone (Organization.TimeZoneSidKey), as SOQL date literals and Apex `Date.today()` use.
 */
export interface ClockState {
  readonly offsetMs: number;
  readonly frozenAt: number | undefined;
  readonly timeZone: string;
}

export class Clock {
  private offsetMs = 0;
  private frozenAt: number | undefined;

  constructor(
    public timeZone = 'America/Los_Angeles',
    start?: Date | string
  ) {
    new Intl.DateTimeFormat('en-US', { timeZone }); // throws RangeError on an unknown zone
    if (start !== undefined) this.set(start);
  }

  /** What another thread needs to run the same clock (ClockState: offset, frozen instant, zone). */
  state(): ClockState {
    return { offsetMs: this.offsetMs, frozenAt: this.frozenAt, timeZone: this.timeZone };
  }

  /** Runs as the clock whose state() this is (an Apex worker follows the HTTP thread's org clock). */
  follow(state: ClockState): void {
    this.offsetMs = state.offsetMs;
    this.frozenAt = state.frozenAt;
    this.timeZone = state.timeZone;
  }

  now(): Date {
    return new Date(this.frozenAt ?? Date.now() + this.offsetMs);
  }

  /** Sets the clock to an instant; it keeps running from there unless `freeze` is true. */
  set(at: Date | string, freeze = false): void {
    const ms = new Date(at).getTime();
    if (Number.isNaN(ms)) throw new RangeError(`not a date-time: ${String(at)}`);
    this.frozenAt = freeze ? ms : undefined;
    this.offsetMs = ms - Date.now();
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms)) throw new RangeError(`not a duration: ${ms}`);
    if (this.frozenAt !== undefined) this.frozenAt += ms;
    else this.offsetMs += ms;
  }

  /** Today's date (YYYY-MM-DD) in the org time zone. */
  today(): string {
    return localDate(this.now(), this.timeZone);
  }

  /** The UTC instant at which the given local date starts in the org time zone. */
  startOfDay(date: string): Date {
    return zonedMidnight(date, this.timeZone);
  }
}

/** Formatters by time zone: building an Intl.DateTimeFormat costs far more than formatting with one. */
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const instantFormats = new Map<string, Intl.DateTimeFormat>();

function cachedFormat(cache: Map<string, Intl.DateTimeFormat>, timeZone: string, make: () => Intl.DateTimeFormat) {
  let f = cache.get(timeZone);
  if (!f) cache.set(timeZone, (f = make()));
  return f;
}

export function localDate(at: Date, timeZone: string): string {
  const format = cachedFormat(
    dateFormats,
    timeZone,
    () => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
  );
  return format.format(at); // en-CA formats as YYYY-MM-DD
}

function zoneOffsetMs(at: Date, timeZone: string): number {
  const format = cachedFormat(
    instantFormats,
    timeZone,
    () =>
      new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit'
      })
  );
  const p = format.formatToParts(at);
  const get = (t: string): number => Number(p.find((x) => x.type === t)!.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

export function zonedMidnight(date: string, timeZone: string): Date {
  const guess = new Date(`${date}T00:00:00Z`);
  const first = new Date(guess.getTime() - zoneOffsetMs(guess, timeZone));
  return new Date(guess.getTime() - zoneOffsetMs(first, timeZone));
}

/** Adds days to a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
