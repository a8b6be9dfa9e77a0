/**
 * Date, Datetime and Time. Wall-clock methods use the running user's time zone (from the data layer);
 * the *Gmt variants use GMT. https://developer.salesforce.com/docs/atlas.en-us.apexref.meta/apexref/apex_methods_system_datetime.htm
 */
import type { ApexParserRuleContext as ParserRuleContext } from '@apexdevtools/apex-parser';
import {
  ApexDate,
  ApexDatetime,
  ApexTime,
  formatPattern,
  fromZoned,
  isValidTimeZone,
  pad,
  zoned
} from '../datetime.js';
import type { Interpreter } from '../interpreter.js';
import type { Value } from '../values.js';
import { argInt, argString, defineInstance, defineStatic, idef, sdef } from './registry.js';

function userTz(it: Interpreter): string {
  return it.data.currentUser().timeZone || it.clock.orgTimeZone();
}

export function todayIn(it: Interpreter, tz: string): ApexDate {
  const z = zoned(it.clock.now(), tz);
  return ApexDate.of(z.y, z.m, z.d);
}

function addMonths(d: ApexDate, months: number): ApexDate {
  const { y, m, d: day } = d.parts;
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
  return ApexDate.of(ny, nm, Math.min(day, last));
}

function dateArg(it: Interpreter, v: Value): ApexDate {
  if (v === null) it.npe();
  if (!(v instanceof ApexDate)) throw new TypeError('expected a Date');
  return v;
}

function pattern(it: Interpreter, ms: number, fmt: string, tz: string, ctx: ParserRuleContext): string {
  try {
    return formatPattern(ms, fmt, tz);
  } catch (e) {
    if (e instanceof RangeError) return it.throwApex('StringException', e.message);
    return it.unsupported(`Datetime format ${fmt}`, ctx);
  }
}

/** Parses "yyyy-MM-dd[ HH:mm:ss]" (Date.valueOf / Datetime.valueOf). */
function parseIso(it: Interpreter, s: string, kind: string): number[] {
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{1,2})(?::(\d{1,2}))?)?/.exec(s.trim());
  if (!m) return it.throwApex('TypeException', `Invalid ${kind}: ${s}`);
  return m.slice(1).map((x) => Number(x ?? 0));
}

defineStatic('Date', {
  today: [0, (it) => todayIn(it, userTz(it))],
  newInstance: [3, (it, [y, m, d]) => ApexDate.of(argInt(it, y), argInt(it, m), argInt(it, d))],
  valueOf: sdef(1, (it, [v]) => {
    if (v === null) return null;
    if (v instanceof ApexDatetime) {
      const z = zoned(v.ms, userTz(it));
      return ApexDate.of(z.y, z.m, z.d);
    }
    const [y, m, d] = parseIso(it, argString(it, v), 'date');
    return ApexDate.of(y, m, d);
  }),
  parse: [
    1,
    (it, [v]) => {
      const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(argString(it, v).trim());
      if (!m) return it.throwApex('TypeException', `Invalid date: ${argString(it, v)}`);
      return ApexDate.of(Number(m[3]), Number(m[1]), Number(m[2]));
    }
  ],
  isLeapYear: [1, (it, [y]) => new Date(Date.UTC(argInt(it, y), 1, 29)).getUTCDate() === 29],
  daysInMonth: [2, (it, [y, m]) => new Date(Date.UTC(argInt(it, y), argInt(it, m), 0)).getUTCDate()]
});

defineInstance('Date', {
  addDays: [1, (it, d: ApexDate, [n]) => new ApexDate(d.days + argInt(it, n))],
  addMonths: [1, (it, d: ApexDate, [n]) => addMonths(d, argInt(it, n))],
  addYears: [1, (it, d: ApexDate, [n]) => addMonths(d, 12 * argInt(it, n))],
  day: [0, (_it, d: ApexDate) => d.parts.d],
  month: [0, (_it, d: ApexDate) => d.parts.m],
  year: [0, (_it, d: ApexDate) => d.parts.y],
  dayOfYear: [0, (_it, d: ApexDate) => d.days - ApexDate.of(d.parts.y, 1, 1).days + 1],
  daysBetween: [1, (it, d: ApexDate, [o]) => dateArg(it, o).days - d.days],
  monthsBetween: [
    1,
    (it, d: ApexDate, [o]) => {
      const a = d.parts;
      const b = dateArg(it, o).parts;
      return (b.y - a.y) * 12 + (b.m - a.m);
    }
  ],
  toStartOfMonth: [0, (_it, d: ApexDate) => ApexDate.of(d.parts.y, d.parts.m, 1)],
  toStartOfWeek: [0, (_it, d: ApexDate) => new ApexDate(d.days - new Date(d.days * 86400000).getUTCDay())],
  isSameDay: [1, (it, d: ApexDate, [o]) => dateArg(it, o).days === d.days],
  format: [0, (_it, d: ApexDate) => `${d.parts.m}/${d.parts.d}/${d.parts.y}`],
  toString: idef(0, (_it, d: ApexDate) => d.iso())
});

function dt(it: Interpreter, y: Value, mo: Value, d: Value, h: Value, mi: Value, s: Value, tz: string): ApexDatetime {
  const n = (v: Value): number => (v === undefined ? 0 : argInt(it, v));
  return new ApexDatetime(fromZoned(n(y), n(mo), n(d), n(h), n(mi), n(s), tz));
}

defineStatic('Datetime', {
  now: [0, (it) => new ApexDatetime(it.clock.now())],
  newInstance: [
    [1, 2, 3, 6],
    (it, args) => {
      if (args.length === 1) return new ApexDatetime(Number(args[0]));
      if (args.length === 2) {
        const d = dateArg(it, args[0]).parts;
        const t = args[1] instanceof ApexTime ? args[1].parts : { h: 0, m: 0, s: 0 };
        return dt(it, d.y, d.m, d.d, t.h, t.m, t.s, userTz(it));
      }
      return dt(it, args[0], args[1], args[2], args[3], args[4], args[5], userTz(it));
    }
  ],
  newInstanceGmt: [
    [2, 3, 6],
    (it, args) => {
      if (args.length === 2) {
        const d = dateArg(it, args[0]).parts;
        const t = args[1] instanceof ApexTime ? args[1].parts : { h: 0, m: 0, s: 0 };
        return new ApexDatetime(Date.UTC(d.y, d.m - 1, d.d, t.h, t.m, t.s));
      }
      return dt(it, args[0], args[1], args[2], args[3], args[4], args[5], 'GMT');
    }
  ],
  valueOf: sdef(1, (it, [v]) => {
    if (v === null) return null;
    const [y, m, d, h, mi, s] = parseIso(it, argString(it, v), 'date/time');
    return new ApexDatetime(fromZoned(y, m, d, h, mi, s, userTz(it)));
  }),
  valueOfGmt: [
    1,
    (it, [v]) => {
      const [y, m, d, h, mi, s] = parseIso(it, argString(it, v), 'date/time');
      return new ApexDatetime(Date.UTC(y, m - 1, d, h, mi, s));
    }
  ]
});

const local = (it: Interpreter, d: ApexDatetime): ReturnType<typeof zoned> => zoned(d.ms, userTz(it));
const gmt = (d: ApexDatetime): ReturnType<typeof zoned> => zoned(d.ms, 'GMT');
function shiftMonths(it: Interpreter, d: ApexDatetime, months: number): ApexDatetime {
  const z = local(it, d);
  const nd = addMonths(ApexDate.of(z.y, z.m, z.d), months).parts;
  return new ApexDatetime(fromZoned(nd.y, nd.m, nd.d, z.h, z.min, z.s, userTz(it)) + z.ms);
}

defineInstance('Datetime', {
  getTime: [0, (_it, d: ApexDatetime) => BigInt(d.ms)],
  addSeconds: [1, (it, d: ApexDatetime, [n]) => new ApexDatetime(d.ms + argInt(it, n) * 1000)],
  addMinutes: [1, (it, d: ApexDatetime, [n]) => new ApexDatetime(d.ms + argInt(it, n) * 60000)],
  addHours: [1, (it, d: ApexDatetime, [n]) => new ApexDatetime(d.ms + argInt(it, n) * 3600000)],
  addDays: [1, (it, d: ApexDatetime, [n]) => new ApexDatetime(d.ms + argInt(it, n) * 86400000)],
  addMonths: [1, (it, d: ApexDatetime, [n]) => shiftMonths(it, d, argInt(it, n))],
  addYears: [1, (it, d: ApexDatetime, [n]) => shiftMonths(it, d, 12 * argInt(it, n))],
  date: [0, (it, d: ApexDatetime) => ApexDate.of(local(it, d).y, local(it, d).m, local(it, d).d)],
  dateGmt: [0, (_it, d: ApexDatetime) => ApexDate.of(gmt(d).y, gmt(d).m, gmt(d).d)],
  time: [0, (it, d: ApexDatetime) => ApexTime.of(local(it, d).h, local(it, d).min, local(it, d).s, local(it, d).ms)],
  timeGmt: [0, (_it, d: ApexDatetime) => ApexTime.of(gmt(d).h, gmt(d).min, gmt(d).s, gmt(d).ms)],
  year: [0, (it, d: ApexDatetime) => local(it, d).y],
  month: [0, (it, d: ApexDatetime) => local(it, d).m],
  day: [0, (it, d: ApexDatetime) => local(it, d).d],
  hour: [0, (it, d: ApexDatetime) => local(it, d).h],
  minute: [0, (it, d: ApexDatetime) => local(it, d).min],
  second: [0, (it, d: ApexDatetime) => local(it, d).s],
  yearGmt: [0, (_it, d: ApexDatetime) => gmt(d).y],
  monthGmt: [0, (_it, d: ApexDatetime) => gmt(d).m],
  dayGmt: [0, (_it, d: ApexDatetime) => gmt(d).d],
  hourGmt: [0, (_it, d: ApexDatetime) => gmt(d).h],
  minuteGmt: [0, (_it, d: ApexDatetime) => gmt(d).min],
  secondGmt: [0, (_it, d: ApexDatetime) => gmt(d).s],
  isSameDay: [
    1,
    (it, d: ApexDatetime, [o]) => {
      const a = local(it, d);
      const b = local(it, o as ApexDatetime);
      return a.y === b.y && a.m === b.m && a.d === b.d;
    }
  ],
  format: [
    [0, 1, 2],
    (it, d: ApexDatetime, [p, tz], ctx) => {
      const zone = tz === undefined ? userTz(it) : argString(it, tz);
      if (!isValidTimeZone(zone)) return it.unsupported(`time zone ${zone}`, ctx);
      return pattern(it, d.ms, p === undefined ? 'M/d/yyyy h:mm a' : argString(it, p), zone, ctx);
    }
  ],
  formatGmt: [1, (it, d: ApexDatetime, [p], ctx) => pattern(it, d.ms, argString(it, p), 'GMT', ctx)],
  formatLong: [0, (it, d: ApexDatetime, _a, ctx) => pattern(it, d.ms, 'M/d/yyyy h:mm:ss a z', userTz(it), ctx)],
  toString: idef(0, (it, d: ApexDatetime, _a, ctx) => pattern(it, d.ms, 'yyyy-MM-dd HH:mm:ss', userTz(it), ctx))
});

defineStatic('Time', {
  newInstance: [4, (it, [h, m, s, ms]) => ApexTime.of(argInt(it, h), argInt(it, m), argInt(it, s), argInt(it, ms))]
});

defineInstance('Time', {
  hour: [0, (_it, t: ApexTime) => t.parts.h],
  minute: [0, (_it, t: ApexTime) => t.parts.m],
  second: [0, (_it, t: ApexTime) => t.parts.s],
  millisecond: [0, (_it, t: ApexTime) => t.parts.ms],
  addHours: [
    1,
    (it, t: ApexTime, [n]) => new ApexTime((((t.ms + argInt(it, n) * 3600000) % 86400000) + 86400000) % 86400000)
  ],
  addMinutes: [
    1,
    (it, t: ApexTime, [n]) => new ApexTime((((t.ms + argInt(it, n) * 60000) % 86400000) + 86400000) % 86400000)
  ],
  addSeconds: [
    1,
    (it, t: ApexTime, [n]) => new ApexTime((((t.ms + argInt(it, n) * 1000) % 86400000) + 86400000) % 86400000)
  ],
  toString: idef(
    0,
    (_it, t: ApexTime) => `${pad(t.parts.h)}:${pad(t.parts.m)}:${pad(t.parts.s)}.${pad(t.parts.ms, 3)}Z`
  )
});
