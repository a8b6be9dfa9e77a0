/**
 * SOQL on @jetstreamapp/soql-parser-js, mapped onto SQLite. Supported: field lists, parent fields up to
 * five levels, child relationship subqueries, WHERE (AND/OR/NOT, comparisons, IN, LIKE, date and
 * date-literal values, date functions, semi-joins and anti-joins), GROUP BY (fields and date functions)
 * with HAVING, ORDER BY (many fields, NULLS FIRST/LAST), LIMIT, OFFSET, FOR UPDATE (accepted: one
 * writer at a time already), COUNT()/COUNT/COUNT_DISTINCT/MAX/MIN/SUM/AVG and aliases (expr0…).
 * Anything else is a MALFORMED_QUERY naming the unsupported part.
 */
import { parseQuery, type FieldType, type OrderByClause, type Query } from '@jetstreamapp/soql-parser-js';
import { SalesforceError, invalidType, malformedQuery } from '../errors.js';
import type { ObjectDef } from '../schema.js';
import { col, tableName, type ApiRecord, type Store } from '../store.js';
import { QueryContext, type ResolvedField } from './context.js';
import { CurrencyConverter, convertedColumn, rejectDuplicateConverted } from './currency.js';
import { AGGREGATES, DATE_FUNCTIONS, registerDateFunctions, resolveFunction, type FnCall } from './functions.js';
import { shape, type Column } from './shape.js';
import { rejectTypeofOverlap, typeofColumns } from './typeof.js';
import { WhereCompiler, type SqlParam } from './where.js';

export type { Column } from './shape.js';

export interface SoqlOptions {
  includeDeleted?: boolean;
  binds?: Record<string, unknown>;
  apiVersion?: string;
  /**
   * A child relationship without rows: an empty record list (Apex, where `acct.Contacts` is an empty
   * list) instead of null (the REST answer).
   */
  emptyChildLists?: boolean;
  /**
   * Apex: every row (and every child subquery row) carries its Id even when the query did not select it
   * ("other than ID", langCon_apex_SOQL_working_with_results.htm); the REST API returns only what was selected.
   */
  implicitId?: boolean;
}

export interface SoqlResult {
  totalSize: number;
  records: ApiRecord[];
  entityName: string;
  keyPrefix: string;
  aggregate: boolean;
  /** `SELECT COUNT() …`: only totalSize is meaningful. */
  countOnly: boolean;
  columns: Column[];
}

/**
 * Parsed queries by text: the same query text (an Apex class's inline SOQL, a REST client's polling query)
 * is parsed once. Entries are deep-frozen (execution only reads them) and the memo is bounded.
 */
const parsed = new Map<string, Query>();
const MAX_PARSED = 1000;

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

function parse(soql: string, allowBinds: boolean): Query {
  const key = `${allowBinds ? 'b' : '-'}${soql}`;
  const hit = parsed.get(key);
  if (hit) return hit;
  const q = deepFreeze(parseUncached(soql, allowBinds));
  if (parsed.size >= MAX_PARSED) parsed.delete(parsed.keys().next().value!);
  parsed.set(key, q);
  return q;
}

function parseUncached(soql: string, allowBinds: boolean): Query {
  try {
    // ignoreParseErrors must be given: without it the library rebuilds its parser on every call (~40 ms).
    return parseQuery(soql, { allowApexBindVariables: allowBinds, ignoreParseErrors: false, logErrors: false });
  } catch (e) {
    const detail = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw malformedQuery(`${soql}\nERROR at Row:1:Column:1\nunexpected token: ${detail}`);
  }
}

function rejectUnsupported(q: Query): void {
  const groupFns = [q.groupBy ?? []].flat().flatMap((g) => ('fn' in g && g.fn ? [g.fn as FnCall] : []));
  const unsupported: [boolean, string][] = [
    [q.usingScope !== undefined, 'USING SCOPE'],
    [q.withDataCategory !== undefined, 'WITH DATA CATEGORY'],
    [q.for !== undefined && q.for !== 'UPDATE', `FOR ${q.for}`],
    [q.update !== undefined, `UPDATE ${q.update}`],
    [q.sObjectAlias !== undefined, 'object aliases'],
    [groupFns.some((f) => /^(ROLLUP|CUBE)$/i.test(f.functionName ?? '')), 'GROUP BY functions (ROLLUP, CUBE)']
  ];
  for (const [bad, what] of unsupported) if (bad) throw malformedQuery(`${what} is not supported by the local org`);
  // "You can't use the ORDER BY clause in any SOQL query that uses locking" (SOQL reference, FOR UPDATE).
  if (q.for === 'UPDATE' && q.orderBy !== undefined)
    throw malformedQuery('ORDER BY is not allowed in a query that uses FOR UPDATE (locking)');
}

/**
 * Splits Apex's trailing `ALL ROWS` off a query: the rows then include deleted ones from the Recycle
 * Bin ("Querying All Records with a SOQL Statement",
 * https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/langCon_apex_SOQL_query_all_rows.htm).
 */
export function splitAllRows(soql: string): { soql: string; allRows: boolean } {
  const m = /\s+ALL\s+ROWS\s*$/i.exec(soql);
  return m ? { soql: soql.slice(0, m.index), allRows: true } : { soql, allRows: false };
}

const MAX_SOQL_LENGTH = 100_000;
const MAX_SQL_PARAMS = 30_000;

export function runSoql(store: Store, soql: string, opts: SoqlOptions = {}): SoqlResult {
  if (typeof soql !== 'string' || soql.trim() === '') throw malformedQuery('query is empty');
  if (soql.length > MAX_SOQL_LENGTH)
    throw malformedQuery(`SOQL statements cannot be longer than ${MAX_SOQL_LENGTH} characters`);
  try {
    return compileAndRun(store, soql, opts);
  } catch (e) {
    // Pathological input (thousands of nested parentheses, huge IN lists) must not become a 500.
    if (
      e instanceof RangeError ||
      (e instanceof Error && e.name === 'SqliteError' && /too many|too big|depth/i.test(e.message))
    )
      throw malformedQuery(`the query is too complex for the local org: ${e.message}`);
    throw e;
  }
}

/** A subquery's place: the child rows of a parent query, or a semi-join's value list. */
interface Nesting {
  /** Child subquery: its object, the reference field to the parent, the parent ids, the depth (root 1). */
  children?: { object: ObjectDef; via: string; ids: string[]; level: number };
  semiJoin?: boolean;
}

interface Executed {
  result: SoqlResult;
  /** The parent id of each record (child subqueries only). */
  parents: unknown[];
}

/** Parent-to-child levels one query may hold, the root counting as the first ("Using Relationship Queries"). */
const MAX_CHILD_LEVELS = 5;

function compileAndRun(store: Store, soql: string, opts: SoqlOptions): SoqlResult {
  registerDateFunctions(store.db);
  return execute(store, parse(soql, opts.binds !== undefined), soql, opts, {}).result;
}

function rootOf(store: Store, q: Query, soql: string, nesting: Nesting): ObjectDef {
  if (nesting.children) return nesting.children.object;
  const root = store.schema.get(q.sObject ?? '');
  if (!root || !root.queryable)
    throw new SalesforceError(
      'INVALID_TYPE',
      new QueryContext(store.schema, store.schema.get('Organization')!, soql).positioned(
        q.sObject ?? '',
        invalidType(q.sObject ?? '').message
      )
    );
  return root;
}

function execute(store: Store, q: Query, soql: string, opts: SoqlOptions, nesting: Nesting): Executed {
  rejectUnsupported(q);
  const root = rootOf(store, q, soql, nesting);
  const ctx = new QueryContext(store.schema, root, soql);
  const currency = new CurrencyConverter(store, ctx);
  // "If a query includes a GROUP BY or HAVING clause, currency data returned by using an aggregate
  // function, such as SUM() or MAX(), is in the org's default currency" (SOQL, convertCurrency()).
  const aggregated =
    q.groupBy !== undefined || q.having !== undefined ? (t: ResolvedField) => currency.toCorporate(t) : undefined;
  const timeZone = store.clock.timeZone;
  const groupBy = (Array.isArray(q.groupBy) ? q.groupBy : q.groupBy ? [q.groupBy] : []).map((g) =>
    'fn' in g && g.fn
      ? resolveFunction(ctx, g.fn as FnCall, false, timeZone)
      : ctx.resolveFor((g as { field: string }).field, 'group')
  );
  const fields = (q.fields ?? []) as FieldType[];
  const columns: Column[] = [];
  const selects: string[] = [];
  const subqueries: { query: Query; column: Column; via: string }[] = [];
  let exprN = 0;
  const aliased: string[] = [];
  let countOnly = false;
  let aggregate = groupBy.length > 0;
  for (const f of fields) {
    if (f.type === 'FieldFunctionExpression' && f.functionName.toUpperCase() === 'CONVERTCURRENCY') {
      columns.push(convertedColumn(ctx, currency, f, columns.length, selects));
    } else if (f.type === 'FieldFunctionExpression') {
      const fn = f.functionName.toUpperCase();
      if (!AGGREGATES.has(fn) && !DATE_FUNCTIONS.has(fn))
        throw malformedQuery(`function ${f.functionName}() is not supported by the local org`);
      aggregate = true;
      if (fn === 'COUNT' && (f.parameters ?? []).length === 0) {
        if (fields.length > 1) throw malformedQuery(`${soql}\nCOUNT() cannot be combined with other fields`);
        countOnly = true;
        continue;
      }
      const target = resolveFunction(ctx, f as FnCall, true, timeZone, aggregated);
      const sqlAlias = `c${columns.length}`;
      selects.push(`${target.sql} AS ${sqlAlias}`);
      columns.push({
        key: f.alias ?? `expr${exprN++}`,
        displayName: f.rawValue ?? `${fn}()`,
        aggregate: target.aggregate,
        field: fn.startsWith('COUNT') ? undefined : target.field,
        sqlAlias
      });
    } else if (f.type === 'Field' || f.type === 'FieldRelationship') {
      if ((f as { objectPrefix?: string }).objectPrefix)
        throw malformedQuery('object aliases are not supported by the local org');
      const path = f.type === 'Field' ? f.field : [...f.relationships, f.field].join('.');
      const target = ctx.resolve(path);
      const sqlAlias = `c${columns.length}`;
      selects.push(`${target.sql} AS ${sqlAlias}`);
      const alias = (f as { alias?: string }).alias;
      if (alias) aliased.push(alias);
      columns.push({
        key: alias ?? target.field.name,
        displayName: path,
        aggregate: false,
        field: target.field,
        relationship: target.relationship,
        sqlAlias
      });
    } else if (f.type === 'FieldSubquery') {
      const sub = f.subquery as Query & { relationshipName?: string };
      const level = (nesting.children?.level ?? 1) + 1;
      if (nesting.semiJoin) throw malformedQuery('a semi-join subquery cannot select a child relationship');
      if (level > MAX_CHILD_LEVELS)
        throw malformedQuery(
          `SOQL statements cannot query aggregate relationships more than ${MAX_CHILD_LEVELS - 1} levels away from the root entity object.`
        );
      const rel = store.schema.childRelationship(root.name, sub.relationshipName ?? '');
      if (!rel)
        throw new SalesforceError(
          'INVALID_TYPE',
          ctx.positioned(
            sub.relationshipName ?? '',
            `Didn't understand relationship '${sub.relationshipName}' in FROM part of query call. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`
          )
        );
      const column: Column = {
        key: rel.field.childRelationshipName!,
        displayName: rel.field.childRelationshipName!,
        aggregate: false,
        sqlAlias: '',
        child: true
      };
      columns.push(column);
      subqueries.push({ query: { ...sub, sObject: rel.object.name }, column, via: rel.field.name });
    } else if (f.type === 'FieldTypeof') {
      if (nesting.semiJoin) throw malformedQuery('TYPEOF cannot be used in a semi-join or anti-join subquery');
      columns.push(...typeofColumns(ctx, f, columns.length, selects));
    } else {
      throw malformedQuery(`${(f as { type: string }).type} are not supported by the local org`);
    }
  }
  rejectDuplicateConverted(ctx, columns);
  rejectTypeofOverlap(ctx, columns, aggregate);
  if (!aggregate && aliased.length > 0)
    throw malformedQuery(ctx.positioned(aliased[0], 'Only aggregate expressions use field aliasing'));
  if (aggregate && subqueries.length > 0)
    throw malformedQuery('child relationship subqueries cannot be used in an aggregate query');
  const grouped = new Set(groupBy.map((g) => g.sql));
  if (aggregate)
    for (const c of columns)
      if (!c.aggregate && !grouped.has(selects[columns.indexOf(c)].replace(/ AS c\d+$/, '')))
        throw malformedQuery(ctx.positioned(c.displayName, `Field must be grouped or aggregated: ${c.key}`));
  const where: string[] = [];
  const params: SqlParam[] = [];
  if (!opts.includeDeleted) where.push('t0."IsDeleted" = 0');
  if (nesting.children) {
    where.push(`t0.${col(nesting.children.via)} IN (SELECT value FROM json_each(?))`);
    params.push(JSON.stringify(nesting.children.ids));
  }
  const whereOpts = {
    today: store.clock.today(),
    timeZone,
    binds: opts.binds,
    currency,
    semiJoin: (inner: Query, _outer: ResolvedField, path: string): SqlParam[] =>
      semiJoinValues(store, inner, soql, opts, nesting, ctx, path)
  };
  if (q.where) {
    const wc = new WhereCompiler(ctx, whereOpts);
    where.push(wc.compile(q.where));
    params.push(...wc.params);
  }
  let having = '';
  if (q.having) {
    if (groupBy.length === 0) throw malformedQuery('HAVING can only be used with GROUP BY');
    const hc = new WhereCompiler(ctx, { ...whereOpts, semiJoin: undefined, having: { grouped }, aggregated });
    having = hc.compile(q.having);
    params.push(...hc.params);
  }
  const orderBy = (Array.isArray(q.orderBy) ? q.orderBy : q.orderBy ? [q.orderBy] : []).map((o: OrderByClause) => {
    let expr: string;
    if ('fn' in o && o.fn) {
      const fn = (o.fn.functionName ?? '').toUpperCase();
      if (AGGREGATES.has(fn) && !aggregate)
        throw malformedQuery(`ORDER BY ${o.fn.rawValue ?? fn} is not supported by the local org`);
      expr = resolveFunction(ctx, o.fn as FnCall, aggregate, timeZone, aggregated).sql;
    } else {
      expr = ctx.resolveFor((o as { field: string }).field, 'sort').sql;
    }
    const dir = o.order === 'DESC' ? 'DESC' : 'ASC';
    return `${expr} ${dir}${o.nulls ? ` NULLS ${o.nulls}` : ''}`;
  });
  const hidden = aggregate
    ? []
    : [
        't0."Id" AS __id',
        ...[...ctx.joins.values()].flatMap((j) => [
          `${j.alias}."Id" AS p_${j.alias}`,
          ...(j.polymorphic ? [`${j.alias}."Type" AS pt_${j.alias}`] : [])
        ]),
        ...(nesting.children ? [`t0.${col(nesting.children.via)} AS __parent`] : [])
      ];
  let sql = `SELECT ${countOnly ? 'COUNT(*) AS n' : [...hidden, ...selects].join(', ')} FROM ${tableName(root.name)} t0${ctx.joinSql()}`;
  if (where.length > 0) sql += ` WHERE ${where.join(' AND ')}`;
  if (groupBy.length > 0) sql += ` GROUP BY ${groupBy.map((g) => g.sql).join(', ')}`;
  if (having) sql += ` HAVING ${having}`;
  if (orderBy.length > 0 && !countOnly) sql += ` ORDER BY ${orderBy.join(', ')}`;
  // Literals reach SQLite only once they are known to be in range (a 20-digit LIMIT is a MALFORMED_QUERY).
  for (const [clause, n] of [
    ['LIMIT', q.limit],
    ['OFFSET', q.offset]
  ] as const)
    if (n !== undefined && !(Number.isSafeInteger(n) && n >= 0 && n <= 2_147_483_647))
      throw new SalesforceError('MALFORMED_QUERY', `${clause} must be a whole number from 0 to 2147483647, got ${n}`);
  if (q.offset !== undefined && q.offset > 2000)
    throw new SalesforceError('NUMBER_OUTSIDE_VALID_RANGE', `Maximum SOQL offset allowed is 2000`);
  // A child subquery's LIMIT and OFFSET apply per parent record (below), not to all children at once.
  if (!nesting.children) {
    if (q.limit !== undefined || q.offset !== undefined) sql += ` LIMIT ${q.limit ?? -1}`;
    if (q.offset !== undefined) sql += ` OFFSET ${q.offset}`;
  }
  if (params.length > MAX_SQL_PARAMS)
    throw malformedQuery(`too many values in the query (${params.length}); the local org allows ${MAX_SQL_PARAMS}`);
  let rows = store.sql(sql).all(...params) as Record<string, unknown>[];
  const base = { entityName: root.name, keyPrefix: root.keyPrefix, aggregate, countOnly, columns };
  if (countOnly) {
    const n = Number(rows[0]?.n ?? 0);
    return {
      result: { ...base, totalSize: q.limit !== undefined ? Math.min(n, q.limit) : n, records: [] },
      parents: []
    };
  }
  if (nesting.children) rows = perParent(rows, q.offset ?? 0, q.limit);
  const version = opts.apiVersion ?? '65.0';
  const records = rows.map((row) => shape(row, columns, aggregate, root.name, version, ctx));
  if (opts.implicitId && !aggregate)
    records.forEach((r, i) => {
      if (!('Id' in r)) r.Id = rows[i].__id;
    });
  for (const sub of subqueries) attachChildren(store, sub, records, soql, opts, (nesting.children?.level ?? 1) + 1);
  return { result: { ...base, totalSize: records.length, records }, parents: rows.map((r) => r.__parent) };
}

/** Keeps, per parent id, the rows from `offset` up to `limit` (rows arrive in the subquery's order). */
function perParent(
  rows: Record<string, unknown>[],
  offset: number,
  limit: number | undefined
): Record<string, unknown>[] {
  const seen = new Map<unknown, number>();
  return rows.filter((r) => {
    const n = seen.get(r.__parent) ?? 0;
    seen.set(r.__parent, n + 1);
    return n >= offset && (limit === undefined || n < offset + limit);
  });
}

/** Runs a child relationship subquery for all parent records at once and attaches each one's rows. */
function attachChildren(
  store: Store,
  sub: { query: Query; column: Column; via: string },
  parents: ApiRecord[],
  soql: string,
  opts: SoqlOptions,
  level: number
): void {
  const object = store.schema.get(sub.query.sObject!)!;
  const key = sub.column.key;
  const ids = parents.map((p) => String((p.attributes as { url: string }).url.split('/').pop()));
  const byParent = new Map<string, ApiRecord[]>();
  if (ids.length > 0) {
    const run = execute(store, sub.query, soql, opts, { children: { object, via: sub.via, ids, level } });
    run.result.records.forEach((r, i) => {
      const p = String(run.parents[i]);
      let list = byParent.get(p);
      if (!list) byParent.set(p, (list = []));
      list.push(r);
    });
  }
  parents.forEach((p, i) => {
    const records = byParent.get(ids[i]) ?? [];
    p[key] = records.length > 0 || opts.emptyChildLists ? { totalSize: records.length, done: true, records } : null;
  });
}

/**
 * The values of a semi-join or anti-join subquery: one ID or reference field, no nesting ("Semi-Joins
 * with IN and Anti-Joins with NOT IN",
 * https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_comparisonoperators.htm).
 */
function semiJoinValues(
  store: Store,
  inner: Query,
  soql: string,
  opts: SoqlOptions,
  nesting: Nesting,
  ctx: QueryContext,
  path: string
): SqlParam[] {
  if (nesting.semiJoin)
    throw malformedQuery(
      ctx.positioned(path, 'Semi join sub-selects are not allowed inside another semi join sub-select')
    );
  const fields = (inner.fields ?? []) as FieldType[];
  if (fields.length !== 1 || (fields[0].type !== 'Field' && fields[0].type !== 'FieldRelationship'))
    throw malformedQuery(
      ctx.positioned(path, 'a semi-join or anti-join subquery must select exactly one ID or reference field')
    );
  if (inner.groupBy !== undefined || inner.orderBy !== undefined || inner.limit !== undefined)
    throw malformedQuery('a semi-join or anti-join subquery cannot use GROUP BY, ORDER BY or LIMIT');
  const run = execute(store, inner, soql, opts, { semiJoin: true });
  const col0 = run.result.columns[0];
  if (col0.field?.type !== 'id' && col0.field?.type !== 'reference')
    throw malformedQuery(
      ctx.positioned(
        col0.displayName,
        `a semi-join or anti-join subquery must select an ID or reference field, not ${col0.displayName}`
      )
    );
  const values = new Set<SqlParam>();
  const steps = [...(col0.relationship ? col0.relationship.split('.') : []), col0.key];
  for (const r of run.result.records) {
    let v: unknown = r;
    for (const step of steps) v = v !== null && typeof v === 'object' ? (v as ApiRecord)[step] : null;
    if (v !== null && v !== undefined) values.add(String(v));
  }
  return [...values];
}
