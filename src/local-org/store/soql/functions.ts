/**
 * SOQL functions on fields: aggregates (COUNT, COUNT_DISTINCT, MAX, MIN, SUM, AVG) and the date
 * functions (CALENDAR_MONTH … WEEK_IN_YEAR, DAY_ONLY), with `convertTimezone()` inside a date function.
 * Date functions read dateTime values in UTC unless wrapped in convertTimezone(), which converts them to
 * the user's time zone ("Date Functions",
 * https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_date_functions.htm ;
 * "convertTimezone()",
 * https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_convert_time_zone.htm).
 * Fiscal functions need the org's fiscal year settings, which the local org does not model: they fail loudly.
 */
import type Database from 'better-sqlite3';
import { SalesforceError, malformedQuery } from '../errors.js';
import type { FieldDef } from '../schema.js';
import type { QueryContext, ResolvedField } from './context.js';

export const AGGREGATES = new Set(['COUNT', 'COUNT_DISTINCT', 'MAX', 'MIN', 'SUM', 'AVG']);

export const DATE_FUNCTIONS = new Set([
  'CALENDAR_MONTH',
  'CALENDAR_QUARTER',
  'CALENDAR_YEAR',
  'DAY_IN_MONTH',
  'DAY_IN_WEEK',
  'DAY_IN_YEAR',
  'DAY_ONLY',
  'HOUR_IN_DAY',
  'WEEK_IN_MONTH',
  'WEEK_IN_YEAR'
]);

export const FISCAL_FUNCTIONS = new Set(['FISCAL_MONTH', 'FISCAL_QUARTER', 'FISCAL_YEAR']);
const DATETIME_ONLY = new Set(['DAY_ONLY', 'HOUR_IN_DAY']);

/** A function call as the parser gives it (`fn` of a condition or ORDER BY item, or a field expression). */
export interface FnCall {
  functionName?: string;
  parameters?: unknown[];
  rawValue?: string;
}

const registered = new WeakSet<Database.Database>();
const formatters = new Map<string, Intl.DateTimeFormat>();

/** Local calendar parts of a stored value (date `YYYY-MM-DD` or UTC ISO date-time) in `tz` (or UTC). */
function parts(value: string, tz: string | null): { y: number; m: number; d: number; h: number } {
  if (value.length === 10 || !tz) {
    const [y, m, d] = value.slice(0, 10).split('-').map(Number);
    return { y, m, d, h: value.length > 10 ? Number(value.slice(11, 13)) : 0 };
  }
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      hourCycle: 'h23'
    });
    formatters.set(tz, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(value)).map((x) => [x.type, x.value]));
  return { y: Number(p.year), m: Number(p.month), d: Number(p.day), h: Number(p.hour) };
}

/** The value of date function `fn` for a stored value. */
export function datePart(fn: string, value: string, tz: string | null): number | string {
  const { y, m, d, h } = parts(value, tz);
  const dayInYear = Math.round((Date.UTC(y, m - 1, d) - Date.UTC(y, 0, 1)) / 86_400_000) + 1;
  switch (fn) {
    case 'CALENDAR_MONTH':
      return m;
    case 'CALENDAR_QUARTER':
      return Math.floor((m - 1) / 3) + 1;
    case 'CALENDAR_YEAR':
      return y;
    case 'DAY_IN_MONTH':
      return d;
    case 'DAY_IN_WEEK':
      return new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 1; // 1 for Sunday … 7 for Saturday
    case 'DAY_IN_YEAR':
      return dayInYear;
    case 'DAY_ONLY':
      return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
    case 'HOUR_IN_DAY':
      return h;
    case 'WEEK_IN_MONTH':
      return Math.floor((d - 1) / 7) + 1; // 1 for days 1–7
    case 'WEEK_IN_YEAR':
      return Math.floor((dayInYear - 1) / 7) + 1; // 1 for January 1–7
    default:
      throw malformedQuery(`unknown date function ${fn}`);
  }
}

/** Registers `sf_date(fn, value, tz)` on the store's database (once per database). */
export function registerDateFunctions(db: Database.Database): void {
  if (registered.has(db)) return;
  db.function('sf_date', { deterministic: true }, (fn: unknown, value: unknown, tz: unknown) =>
    value === null || value === undefined ? null : datePart(String(fn), String(value), tz === null ? null : String(tz))
  );
  registered.add(db);
}

function synthetic(name: string, type: 'int' | 'date' | 'double'): FieldDef {
  return { name, label: name, type, createable: false, updateable: false, nillable: true, calculated: true };
}

/** SQL of an aggregate over `target` (COUNT() without one), refusing the field types SOQL refuses. */
export function aggregateSql(fn: string, target: ResolvedField | undefined): string {
  if (fn === 'COUNT') return target ? `COUNT(${target.sql})` : 'COUNT(*)';
  if (!target) throw malformedQuery(`${fn}() needs a field`);
  if (fn === 'COUNT_DISTINCT') return `COUNT(DISTINCT ${target.sql})`;
  const numeric = ['int', 'double', 'currency', 'percent'].includes(target.field.type);
  if (
    ((fn === 'SUM' || fn === 'AVG') && !numeric) ||
    ((fn === 'MAX' || fn === 'MIN') && target.field.type === 'boolean')
  )
    throw new SalesforceError(
      'MALFORMED_QUERY',
      `field ${target.field.name} does not support aggregate operator ${fn}`
    );
  return `${fn}(${target.sql})`; // text columns are declared COLLATE NOCASE
}

/**
 * Resolves a function call to SQL and the type of its result. `aggregates`: whether aggregate functions
 * are allowed here (SELECT, HAVING, ORDER BY of an aggregate query); date functions are allowed in
 * SELECT, WHERE, GROUP BY, HAVING and ORDER BY.
 */
export function resolveFunction(
  ctx: QueryContext,
  call: FnCall,
  aggregates: boolean,
  timeZone: string,
  aggregated?: (target: ResolvedField) => ResolvedField
): ResolvedField & { aggregate: boolean } {
  const fn = (call.functionName ?? '').toUpperCase();
  const raw = call.rawValue ?? `${fn}()`;
  const params = call.parameters ?? [];
  if (fn === 'CONVERTCURRENCY')
    // "You can't use the convertCurrency() function in a WHERE clause" and it "can't be used with the
    // ORDER BY clause" (SOQL, convertCurrency()); GROUP BY and HAVING take no conversion either.
    throw malformedQuery(ctx.positioned(raw, `convertCurrency() can only be used in the SELECT list: ${raw}`));
  if (AGGREGATES.has(fn)) {
    if (!aggregates) throw malformedQuery(ctx.positioned(raw, `Aggregate functions are not allowed here: ${raw}`));
    if (params.some((p) => typeof p !== 'string'))
      throw malformedQuery(`nested functions are not supported by the local org: ${raw}`);
    const field = params.length > 0 ? ctx.resolveAggregate(String(params[0]), fn) : undefined;
    // Currency aggregates of a GROUP BY or HAVING query are in the corporate currency (currency.ts).
    const target = field && aggregated && !fn.startsWith('COUNT') ? aggregated(field) : field;
    const type = fn.startsWith('COUNT')
      ? synthetic(raw, 'int')
      : fn === 'AVG'
        ? synthetic(raw, 'double')
        : target!.field;
    return { sql: aggregateSql(fn, target), field: type, object: ctx.root, aggregate: true };
  }
  if (FISCAL_FUNCTIONS.has(fn))
    throw malformedQuery(`${fn}() is not supported by the local org (the org's fiscal year settings are not modelled)`);
  if (!DATE_FUNCTIONS.has(fn))
    throw malformedQuery(`function ${call.functionName}() is not supported by the local org`);
  if (params.length !== 1) throw malformedQuery(ctx.positioned(raw, `${fn}() takes one field: ${raw}`));
  let arg = params[0];
  let tz: string | null = null;
  if (typeof arg === 'object' && arg !== null) {
    const inner = arg as FnCall;
    if ((inner.functionName ?? '').toLowerCase() !== 'converttimezone' || (inner.parameters ?? []).length !== 1)
      throw malformedQuery(`nested functions are not supported by the local org: ${raw}`);
    arg = inner.parameters![0];
    tz = timeZone;
  }
  const target = ctx.resolve(String(arg));
  const ft = target.field.type;
  if (ft !== 'date' && ft !== 'datetime')
    throw malformedQuery(ctx.positioned(String(arg), `${fn}() can only be used with date or dateTime fields: ${raw}`));
  if (DATETIME_ONLY.has(fn) && ft !== 'datetime')
    throw malformedQuery(ctx.positioned(String(arg), `${fn}() can only be used with dateTime fields: ${raw}`));
  const sql = `sf_date('${fn}', ${target.sql}, ${tz === null || ft === 'date' ? 'NULL' : `'${tz.replace(/'/g, '')}'`})`;
  return {
    sql,
    field: synthetic(raw, fn === 'DAY_ONLY' ? 'date' : 'int'),
    object: target.object,
    relationship: target.relationship,
    aggregate: false
  };
}
