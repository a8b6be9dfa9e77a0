/**
 * Date, Datetime and Time values and Java SimpleDateFormat-style formatting in a time zone.
 * Date: days since 1970-01-01; Datetime: an instant (epoch ms); Time: ms since midnight.
 */
export class ApexDate {
  constructor(readonly days: number) {}
  static of(y: number, m: number, d: number): ApexDate {
    return new ApexDate(Math.floor(Date.UTC(y, m - 1, d) / 86400000));
  }
  get parts(): { y: number; m: number; d: number } {
    const t = new Date(this.days * 86400000);
    return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
  }
  /** yyyy-MM-dd */
  iso(): string {
    const { y, m, d } = this.parts;
    return `${String(y).padStart(4, '0')}-${pad(m)}-${pad(d)}`;
  }
}

export class ApexDatetime {
  constructor(readonly ms: number) {}
}

export class ApexTime {
  constructor(readonly ms: number) {}
  static of(h: number, m: number, s: number, ms: number): ApexTime {
    return new ApexTime((((h * 60 + m) * 60 + s) * 1000 + ms + 86400000 * 1000) % 86400000);
  }
  get parts(): { h: number; m: number; s: number; ms: number } {
    return {
      h: Math.floor(this.ms / 3600000),
      m: Math.floor(this.ms / 60000) % 60,
      s: Math.floor(this.ms / 1000) % 60,
      ms: this.ms % 1000
    };
  }
}

export function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

export interface ZonedParts {
  y: number;
  m: number;
  d: number;
  h: number;
  min: number;
  s: number;
  ms: number;
  /** 0 = Sunday */
  dow: number;
  offsetMinutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric'
    });
    formatters.set(tz, f);
  }
  return f;
}

/** The wall-clock fields of an instant in a time zone (IANA id or "GMT"). */
export function zoned(ms: number, tz: string): ZonedParts {
  const parts: Record<string, number> = {};
  for (const p of formatterFor(tz).formatToParts(new Date(ms)))
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const wallUtc = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  const floored = Math.floor(ms / 1000) * 1000;
  return {
    y: parts.year,
    m: parts.month,
    d: parts.day,
    h: parts.hour,
    min: parts.minute,
    s: parts.second,
    ms: ((ms % 1000) + 1000) % 1000,
    dow: new Date(wallUtc).getUTCDay(),
    offsetMinutes: Math.round((wallUtc - floored) / 60000)
  };
}

/** The instant at which the wall clock in `tz` shows the given fields. */
export function fromZoned(y: number, mo: number, d: number, h: number, mi: number, s: number, tz: string): number {
  const guess = Date.UTC(y, mo - 1, d, h, mi, s);
  let ms = guess - zoned(guess, tz).offsetMinutes * 60000;
  ms = guess - zoned(ms, tz).offsetMinutes * 60000;
  return ms;
}

export function isValidTimeZone(tz: string): boolean {
  try {
    formatterFor(tz);
    return true;
  } catch {
    return false;
  }
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December'
];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function zoneName(tz: string, ms: number, long: boolean): string {
  const p = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: long ? 'long' : 'short' })
    .formatToParts(new Date(ms))
    .find((x) => x.type === 'timeZoneName');
  return p?.value ?? tz;
}

function offset(min: number, colon: boolean): string {
  const sign = min < 0 ? '-' : '+';
  const a = Math.abs(min);
  return `${sign}${pad(Math.floor(a / 60))}${colon ? ':' : ''}${pad(a % 60)}`;
}

/** Java SimpleDateFormat patterns (the letters Apex code uses) for an instant in a time zone. */
export function formatPattern(ms: number, pattern: string, tz: string): string {
  const z = zoned(ms, tz);
  let out = '';
  for (let i = 0; i < pattern.length;) {
    const ch = pattern[i];
    if (ch === "'") {
      const end = pattern.indexOf("'", i + 1);
      if (end === i + 1) {
        out += "'";
        i += 2;
        continue;
      }
      out += pattern.slice(i + 1, end < 0 ? undefined : end);
      i = end < 0 ? pattern.length : end + 1;
      continue;
    }
    if (!/[A-Za-z]/.test(ch)) {
      out += ch;
      i++;
      continue;
    }
    let n = 1;
    while (pattern[i + n] === ch) n++;
    i += n;
    const h12 = z.h % 12 === 0 ? 12 : z.h % 12;
    switch (ch) {
      case 'y':
      case 'Y':
        out += n === 2 ? pad(z.y % 100) : pad(z.y, n);
        break;
      case 'M':
        out += n >= 4 ? MONTHS[z.m - 1] : n === 3 ? MONTHS[z.m - 1].slice(0, 3) : pad(z.m, n);
        break;
      case 'd':
        out += pad(z.d, n);
        break;
      case 'D': {
        const doy = (Date.UTC(z.y, z.m - 1, z.d) - Date.UTC(z.y, 0, 1)) / 86400000 + 1;
        out += pad(doy, n);
        break;
      }
      case 'E':
        out += n >= 4 ? DAYS[z.dow] : DAYS[z.dow].slice(0, 3);
        break;
      case 'u':
        out += String(z.dow === 0 ? 7 : z.dow);
        break;
      case 'H':
        out += pad(z.h, n);
        break;
      case 'k':
        out += pad(z.h === 0 ? 24 : z.h, n);
        break;
      case 'K':
        out += pad(z.h % 12, n);
        break;
      case 'h':
        out += pad(h12, n);
        break;
      case 'm':
        out += pad(z.min, n);
        break;
      case 's':
        out += pad(z.s, n);
        break;
      case 'S':
        out += pad(z.ms, 3).slice(0, Math.max(n, 3)).padEnd(n, '0');
        break;
      case 'a':
        out += z.h < 12 ? 'AM' : 'PM';
        break;
      case 'z':
        out += zoneName(tz, ms, n >= 4);
        break;
      case 'Z':
        out += offset(z.offsetMinutes, false);
        break;
      case 'X':
        out += z.offsetMinutes === 0 ? 'Z' : offset(z.offsetMinutes, n >= 3);
        break;
      default:
        throw new RangeError(`Illegal pattern character '${ch}'`);
    }
  }
  return out;
}
