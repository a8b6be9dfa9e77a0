/**
 * Cron expressions of System.schedule: `Seconds Minutes Hours Day_of_month Month Day_of_week [Year]`,
 * with `*`, `?`, lists, ranges, increments, month and weekday names, and `L` for the last day of the month
 * ("Apex Scheduler": https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/apex_scheduler.htm).
 * `W`, `#` and `L` on weekdays are not supported locally. Next fire times are computed in a time zone.
 */
import { fromZoned, zoned } from '../datetime.js';

export class CronError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CronError';
  }
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface Field {
  /** null: any value ('*' or '?'). */
  readonly values: ReadonlySet<number> | null;
  readonly last?: boolean;
}

export interface Cron {
  readonly text: string;
  readonly seconds: Field;
  readonly minutes: Field;
  readonly hours: Field;
  readonly dayOfMonth: Field;
  readonly month: Field;
  readonly dayOfWeek: Field;
  readonly year: Field;
}

function parseField(raw: string, name: string, min: number, max: number, names: string[] = [], nameBase = 1): Field {
  if (raw === '*' || raw === '?') return { values: null };
  if (raw === 'L' && name === 'Day_of_month') return { values: null, last: true };
  if (/[W#L]/i.test(raw)) throw new CronError(`not supported by the local runtime: cron ${name} value '${raw}'`);
  const num = (s: string): number => {
    const idx = names.indexOf(s.toUpperCase());
    if (idx >= 0) return idx + nameBase;
    if (!/^\d+$/.test(s)) throw new CronError(`Invalid ${name} value in cron expression: '${raw}'`);
    return Number(s);
  };
  const values = new Set<number>();
  for (const part of raw.split(',')) {
    const [range, stepText] = part.split('/');
    const step = stepText === undefined ? 1 : num(stepText);
    let from: number;
    let to: number;
    if (range === '*') [from, to] = [min, max];
    else if (range.includes('-')) {
      const [a, b] = range.split('-');
      [from, to] = [num(a), num(b)];
    } else {
      from = num(range);
      to = stepText === undefined ? from : max;
    }
    if (from < min || to > max || from > to || step < 1)
      throw new CronError(`${name} value out of range in cron expression: '${raw}' (${min}-${max})`);
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return { values };
}

export function parseCron(text: string): Cron {
  const parts = text.trim().split(/\s+/);
  if (parts.length < 6 || parts.length > 7)
    throw new CronError(`Invalid cron expression '${text}': expected 6 or 7 fields, found ${parts.length}`);
  const [s, mi, h, dom, mo, dow, y] = parts;
  if ((dom === '?') === (dow === '?'))
    throw new CronError(
      `Invalid cron expression '${text}': one and only one of Day_of_month and Day_of_week must be '?'`
    );
  return {
    text,
    seconds: parseField(s, 'Seconds', 0, 59),
    minutes: parseField(mi, 'Minutes', 0, 59),
    hours: parseField(h, 'Hours', 0, 23),
    dayOfMonth: parseField(dom, 'Day_of_month', 1, 31),
    month: parseField(mo, 'Month', 1, 12, MONTHS),
    dayOfWeek: parseField(dow, 'Day_of_week', 1, 7, DAYS),
    year: parseField(y ?? '*', 'Year', 1970, 2099)
  };
}

const has = (f: Field, v: number): boolean => f.values === null || f.values.has(v);
const first = (f: Field, min: number, max: number): number[] => {
  const out: number[] = [];
  for (let v = min; v <= max; v++) if (has(f, v)) out.push(v);
  return out;
};

/** The first fire time strictly after `afterMs`, in epoch ms, evaluating the wall clock in `timeZone`; null if none. */
export function nextFireTime(cron: Cron, afterMs: number, timeZone: string): number | null {
  const start = zoned(afterMs, timeZone);
  const seconds = first(cron.seconds, 0, 59);
  const minutes = first(cron.minutes, 0, 59);
  const hours = first(cron.hours, 0, 23);
  let day = Date.UTC(start.y, start.m - 1, start.d);
  for (let i = 0; i < 366 * 8; i++, day += 86_400_000) {
    const d = new Date(day);
    const y = d.getUTCFullYear();
    const m = d.getUTCMonth() + 1;
    const dd = d.getUTCDate();
    if (y > 2099) return null;
    if (!has(cron.year, y) || !has(cron.month, m)) continue;
    const lastDay = new Date(Date.UTC(y, m, 0)).getUTCDate();
    if (cron.dayOfMonth.last ? dd !== lastDay : !has(cron.dayOfMonth, dd)) continue;
    if (!has(cron.dayOfWeek, d.getUTCDay() + 1)) continue;
    for (const h of hours)
      for (const mi of minutes)
        for (const s of seconds) {
          const ms = fromZoned(y, m, dd, h, mi, s, timeZone);
          if (ms > afterMs) return ms;
        }
  }
  return null;
}
