/** Inline SOQL: `[SELECT … FROM X WHERE f = :expr]` sent to the data layer with its bind values. */
import {
  BoundExpressionContext,
  type ApexParserRuleContext as ParserRuleContext,
  type SoqlPrimaryContext
} from '@apexdevtools/apex-parser';
import type { DataRecord } from '../data-layer.js';
import { ApexDecimal } from '../decimal.js';
import { evaluate } from '../expressions.js';
import type { Interpreter } from '../interpreter.js';
import {
  ApexDate,
  ApexDatetime,
  ApexDouble,
  ApexEnumValue,
  ApexList,
  ApexSet,
  ApexSObject,
  typeRef,
  type Value
} from '../values.js';

export function collectBinds(ctx: ParserRuleContext, out: BoundExpressionContext[]): void {
  for (const child of ctx.children ?? []) {
    if (child instanceof BoundExpressionContext) out.push(child);
    else if ('children' in child) collectBinds(child as ParserRuleContext, out);
  }
}

/** Converts an Apex value to the plain JS value the data layer binds. */
export function toPlain(v: Value): unknown {
  if (v === null || typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof ApexDouble) return v.v;
  if (v instanceof ApexDecimal) return v.toNumber();
  if (v instanceof ApexEnumValue) return v.name;
  if (v instanceof ApexList) return v.items.map((x) => (x instanceof ApexSObject ? x.get('Id') : toPlain(x)));
  if (v instanceof ApexSet) return [...v.items.values()].map(toPlain);
  if (v instanceof ApexSObject) return v.get('Id');
  if (v instanceof ApexDate) return v.iso();
  if (v instanceof ApexDatetime) return new Date(v.ms).toISOString().replace(/\.\d{3}Z$/, '.000+0000');
  return String(v);
}

/** Field API name (lower-cased) → describe type, per sObject type; null when the data layer has no describe. */
export type FieldTypes = (sobjectType: string) => ReadonlyMap<string, { type: string; scale?: number }> | null;

/** The field-type lookup of an interpreter, cached per transaction. */
export function fieldTypesOf(it: Interpreter): FieldTypes {
  return (type) => {
    const key = type.toLowerCase();
    if (!it.fieldTypeCache.has(key)) {
      const d = it.data.describe(type);
      it.fieldTypeCache.set(
        key,
        d ? new Map(d.fields.map((f) => [f.name.toLowerCase(), { type: f.type.toLowerCase(), scale: f.scale }])) : null
      );
    }
    return it.fieldTypeCache.get(key) ?? null;
  };
}

/**
 * Wraps a data-layer record as an sObject, typing values by the object's describe (Date, Datetime,
 * Integer, …). `queried`: the record is a SOQL or SOSL row (it and the parent and child
 * records nested in it can read only the fields the query selected; AggregateResult rows excepted).
 */
export function fromRecord(
  rec: DataRecord,
  fallbackType: string,
  types: FieldTypes | null = null,
  queried = false
): ApexSObject {
  const so = new ApexSObject(rec.attributes?.type ?? fallbackType);
  const fieldTypes = types?.(so.type) ?? null;
  for (const [k, v] of Object.entries(rec)) {
    if (k === 'attributes') continue;
    so.put(k, fromPlain(v, k, fieldTypes?.get(k.toLowerCase()) ?? null, types, queried));
  }
  so.queried = queried && so.type.toLowerCase() !== 'aggregateresult';
  if (so.queried) so.changed = new Set();
  return so;
}

function fromPlain(
  v: unknown,
  field: string,
  meta: { type: string; scale?: number } | null,
  types: FieldTypes | null,
  queried: boolean
): Value {
  const type = meta?.type ?? null;
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') {
    if (type === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(v))
      return new ApexDate(Math.floor(Date.parse(v + 'T00:00:00Z') / 86400000));
    if (type === 'datetime' && !Number.isNaN(Date.parse(v.replace(/\+0000$/, 'Z')))) {
      return new ApexDatetime(Date.parse(v.replace(/\+0000$/, 'Z')));
    }
    return v;
  }
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') {
    if (type === 'int' && Number.isInteger(v)) return v;
    const d = Number.isInteger(v) ? ApexDecimal.fromInt(v) : ApexDecimal.fromDouble(v);
    return meta?.scale !== undefined && d.scale <= meta.scale ? d.setScale(meta.scale) : d;
  }
  if (Array.isArray(v))
    return new ApexList(
      typeRef('SObject'),
      v.map((r) => fromRecord(r as DataRecord, field, types, queried))
    );
  if (typeof v === 'object') {
    const o = v as { records?: DataRecord[] } & DataRecord;
    if (Array.isArray(o.records))
      return new ApexList(
        typeRef('SObject'),
        o.records.map((r) => fromRecord(r, field, types, queried))
      );
    return fromRecord(o, field, types, queried);
  }
  return String(v);
}

/** `SELECT COUNT() FROM …` evaluates to an Integer; the data layer answers it with one record { expr0: n }. */
/**
 * Field types for a query's rows: for an aggregate query, the AggregateResult columns get the type of the
 * field they come from — a grouped field, or MAX/MIN of it (so `MAX(StartDate) d` is a Date) — by alias, or
 * `exprN` in order for unaliased aggregates.
 */
function aggregateAware(it: Interpreter, soql: string, objectName: string): FieldTypes {
  const base = fieldTypesOf(it);
  const select = /^\s*select\s+([\s\S]+?)\s+from\s/i.exec(soql)?.[1];
  if (!select || !/\bgroup\s+by\b|\b(max|min|sum|avg|count|count_distinct)\s*\(/i.test(soql)) return base;
  const fields = base(objectName);
  const columns = new Map<string, { type: string; scale?: number }>();
  let expr = 0;
  for (const item of select.split(',').map((x) => x.trim())) {
    const fn = /^(\w+)\s*\(\s*(?:converttimezone\s*\(\s*)?([\w.]*)\s*\)?\s*\)\s*(\w+)?$/i.exec(item);
    if (fn) {
      // Unaliased aggregates are expr0, expr1… counting only the unaliased ones (SOQL "Using Aliases with GROUP BY").
      const name = (fn[3] ?? `expr${expr++}`).toLowerCase();
      const meta = fields?.get(fn[2].toLowerCase());
      if (meta && /^(max|min)$/i.test(fn[1])) columns.set(name, meta);
      // COUNT and the date functions answer Integers; DAY_ONLY a Date ("Date Functions", SOQL reference).
      else if (/^day_only$/i.test(fn[1])) columns.set(name, { type: 'date' });
      else if (/^(count|count_distinct|calendar_\w+|day_in_\w+|hour_in_day|week_in_\w+)$/i.test(fn[1]))
        columns.set(name, { type: 'int' });
      continue;
    }
    const plain = /^(\w+)(?:\s+(\w+))?$/.exec(item);
    const meta = plain ? fields?.get(plain[1].toLowerCase()) : undefined;
    if (plain && meta) columns.set((plain[2] ?? plain[1]).toLowerCase(), meta);
  }
  return (type) => (type.toLowerCase() === 'aggregateresult' ? columns : base(type));
}

/** The object of a query's own FROM (not a child subquery's: `SELECT (SELECT … FROM Contacts) FROM Account`). */
export function topLevelFrom(soql: string): string | undefined {
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < soql.length; i++) {
    const ch = soql[i];
    if (quoted) {
      if (ch === '\\') i++;
      else if (ch === "'") quoted = false;
    } else if (ch === "'") quoted = true;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (depth === 0 && /^from\s/i.test(soql.slice(i, i + 5)) && /[\s)]/.test(soql[i - 1] ?? ' '))
      return /^from\s+([A-Za-z0-9_]+)/i.exec(soql.slice(i))?.[1];
  }
  return undefined;
}

export function isCountQuery(soql: string): boolean {
  return /^\s*select\s+count\(\s*\)\s+from\b/i.test(soql);
}

/**
 * Runs SOQL through the data layer. The org's query errors (INVALID_FIELD, INVALID_TYPE, MALFORMED_QUERY, …,
 * any error carrying an `errorCode`) reach Apex as a catchable System.QueryException with the org's message
 * (https://developer.salesforce.com/docs/platform/apex-ref/references/apex-ref/apex-classes-exception-methods.html).
 */
export function queryRows(it: Interpreter, soql: string, binds: Readonly<Record<string, unknown>>): DataRecord[] {
  try {
    return it.data.query(soql, binds);
  } catch (e) {
    if (e instanceof Error && typeof (e as { errorCode?: unknown }).errorCode === 'string')
      return it.throwApex('QueryException', e.message);
    throw e;
  }
}

export function runSoql(it: Interpreter, p: SoqlPrimaryContext): ApexList | number {
  const q = p.soqlLiteral().query();
  const source = it.sources.get(it.frame.cls.file);
  if (!source || !q.stop) return it.unsupported('SOQL outside loaded source', p);
  const binds: BoundExpressionContext[] = [];
  collectBinds(q, binds);
  let text = '';
  let at = q.start.start;
  const values: Record<string, unknown> = {};
  binds.forEach((b, i) => {
    const before = source.slice(at, b.start.start);
    const value = toPlain(evaluate(it, b.expression()));
    at = b.stop!.stop + 1;
    if (/\b(limit|offset)\s*$/i.test(before)) {
      // `LIMIT :n` / `OFFSET :n`: the count is written into the text (the data layer binds values only).
      const n = Number(value);
      if (value === null || !Number.isInteger(n) || n < 0)
        it.throwApex(
          'QueryException',
          `Invalid ${/limit\s*$/i.test(before) ? 'LIMIT' : 'OFFSET'} value: ${String(value)}`
        );
      text += before + String(n);
      return;
    }
    text += before + `:bind${i}`;
    values[`bind${i}`] = value;
  });
  text += source.slice(at, q.stop.stop + 1);
  const from = topLevelFrom(text) ?? 'SObject';
  const objectName = it.isSObjectType(from) ?? from;
  const rows = queryRows(it, text, values);
  if (isCountQuery(text)) {
    const n = Number(rows[0]?.expr0 ?? 0);
    it.countSoql(n);
    return n; // COUNT() is an Integer, not a list
  }
  it.countSoql(rows.length);
  const list = new ApexList(
    typeRef(objectName),
    rows.map((r) => fromRecord(r, objectName, aggregateAware(it, text, objectName), true))
  );
  list.fromSoql = true;
  return list;
}
