/**
 * SOQL on @jetstreamapp/soql-parser-js, mapped onto SQLite. Supported: field lists, parent fields one
 * level deep, WHERE (AND/OR/NOT, comparisons, IN, LIKE, date and date-literal values), ORDER BY (many
 * fields, NULLS FIRST/LAST), LIMIT, OFFSET, COUNT()/COUNT/COUNT_DISTINCT/MAX/MIN/SUM/AVG with GROUP BY
 * and aliases (expr0…). Anything else is a MALFORMED_QUERY naming the unsupported part.
 */
import { parseQuery, type FieldType, type OrderByClause, type Query } from '@jetstreamapp/soql-parser-js';
import { SalesforceError, invalidType, malformedQuery } from '../errors.js';
import type { FieldDef } from '../schema.js';
import { tableName, type ApiRecord, type Store } from '../store.js';
import { fromDb } from '../values.js';
import { QueryContext, type ResolvedField } from './context.js';
import { WhereCompiler, type SqlParam } from './where.js';

export interface SoqlOptions {
  includeDeleted?: boolean;
  binds?: Record<string, unknown>;
  apiVersion?: string;
}

export interface Column {
  key: string;
  displayName: string;
  aggregate: boolean;
  field?: FieldDef;
  relationship?: string;
  sqlAlias: string;
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

const AGGREGATES = new Set(['COUNT', 'COUNT_DISTINCT', 'MAX', 'MIN', 'SUM', 'AVG']);

function parse(soql: string, allowBinds: boolean): Query {
  try {
    // ignoreParseErrors must be given: without it the library rebuilds its parser on every call (~40 ms).
    return parseQuery(soql, { allowApexBindVariables: allowBinds, ignoreParseErrors: false, logErrors: false });
  } catch (e) {
    const detail = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw malformedQuery(`${soql}\nERROR at Row:1:Column:1\nunexpected token: ${detail}`);
  }
}

function rejectUnsupported(q: Query): void {
  const unsupported: [boolean, string][] = [
    [q.having !== undefined, 'HAVING'],
    [q.usingScope !== undefined, 'USING SCOPE'],
    [q.withDataCategory !== undefined, 'WITH DATA CATEGORY'],
    [q.for !== undefined, `FOR ${q.for}`],
    [q.update !== undefined, `UPDATE ${q.update}`],
    [q.sObjectAlias !== undefined, 'object aliases'],
    [[q.groupBy ?? []].flat().some((g) => 'fn' in g), 'GROUP BY functions (ROLLUP, CUBE, date functions)']
  ];
  for (const [bad, what] of unsupported) if (bad) throw malformedQuery(`${what} is not supported by the local org`);
}

function aggSql(fn: string, target: ResolvedField | undefined): string {
  if (fn === 'COUNT') return target ? `COUNT(${target.sql})` : 'COUNT(*)';
  if (!target) throw malformedQuery(`${fn}() needs a field`);
  if (fn === 'COUNT_DISTINCT') return `COUNT(DISTINCT ${target.sql})`;
  const numeric = ['int', 'double', 'currency', 'percent'].includes(target.field.type);
  if ((fn === 'SUM' || fn === 'AVG') && !numeric)
    throw new SalesforceError(
      'MALFORMED_QUERY',
      `field ${target.field.name} does not support aggregate operator ${fn}`
    );
  if ((fn === 'MAX' || fn === 'MIN') && target.field.type === 'boolean')
    throw new SalesforceError(
      'MALFORMED_QUERY',
      `field ${target.field.name} does not support aggregate operator ${fn}`
    );
  return `${fn}(${target.sql})`; // text columns are declared COLLATE NOCASE
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

function compileAndRun(store: Store, soql: string, opts: SoqlOptions): SoqlResult {
  const q = parse(soql, opts.binds !== undefined);
  rejectUnsupported(q);
  const root = store.schema.get(q.sObject ?? '');
  if (!root || !root.queryable)
    throw new SalesforceError(
      'INVALID_TYPE',
      new QueryContext(store.schema, store.schema.get('Organization')!, soql).positioned(
        q.sObject ?? '',
        invalidType(q.sObject ?? '').message
      )
    );
  const ctx = new QueryContext(store.schema, root, soql);
  const groupBy = (Array.isArray(q.groupBy) ? q.groupBy : q.groupBy ? [q.groupBy] : []).map((g) =>
    ctx.resolveFor((g as { field: string }).field, 'group')
  );
  const fields = (q.fields ?? []) as FieldType[];
  const columns: Column[] = [];
  const selects: string[] = [];
  let exprN = 0;
  const aliased: string[] = [];
  let countOnly = false;
  let aggregate = groupBy.length > 0;
  for (const f of fields) {
    if (f.type === 'FieldFunctionExpression') {
      const fn = f.functionName.toUpperCase();
      if (!AGGREGATES.has(fn)) throw malformedQuery(`function ${f.functionName}() is not supported by the local org`);
      const params = f.parameters as unknown[];
      if (params.some((p) => typeof p !== 'string'))
        throw malformedQuery(`nested functions are not supported by the local org: ${f.rawValue}`);
      aggregate = true;
      if (fn === 'COUNT' && params.length === 0) {
        if (fields.length > 1) throw malformedQuery(`${soql}\nCOUNT() cannot be combined with other fields`);
        countOnly = true;
        continue;
      }
      const target = params.length > 0 ? ctx.resolveAggregate(params[0] as string, fn) : undefined;
      const key = f.alias ?? `expr${exprN++}`;
      const sqlAlias = `c${columns.length}`;
      selects.push(`${aggSql(fn, target)} AS ${sqlAlias}`);
      columns.push({
        key,
        displayName: f.rawValue ?? `${fn}()`,
        aggregate: true,
        field: fn.startsWith('COUNT') ? undefined : target?.field,
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
    } else {
      const kind = (f as { type: string }).type;
      const what =
        kind === 'FieldSubquery' ? 'child relationship subqueries' : kind === 'FieldTypeof' ? 'TYPEOF' : kind;
      throw malformedQuery(`${what} are not supported by the local org`);
    }
  }
  if (!aggregate && aliased.length > 0)
    throw malformedQuery(ctx.positioned(aliased[0], 'Only aggregate expressions use field aliasing'));
  if (aggregate) {
    const grouped = new Set(groupBy.map((g) => g.sql));
    for (const c of columns)
      if (!c.aggregate && !grouped.has(selects[columns.indexOf(c)].replace(/ AS c\d+$/, '')))
        throw malformedQuery(ctx.positioned(c.displayName, `Field must be grouped or aggregated: ${c.key}`));
  }
  const where: string[] = [];
  const params: SqlParam[] = [];
  if (!opts.includeDeleted) where.push('t0."IsDeleted" = 0');
  if (q.where) {
    const wc = new WhereCompiler(ctx, {
      today: store.clock.today(),
      timeZone: store.clock.timeZone,
      binds: opts.binds
    });
    where.push(wc.compile(q.where));
    params.push(...wc.params);
  }
  const orderBy = (Array.isArray(q.orderBy) ? q.orderBy : q.orderBy ? [q.orderBy] : []).map((o: OrderByClause) => {
    let expr: string;
    if ('fn' in o) {
      const fn = (o.fn.functionName ?? '').toUpperCase();
      if (!aggregate || !AGGREGATES.has(fn))
        throw malformedQuery(`ORDER BY ${o.fn.rawValue ?? fn} is not supported by the local org`);
      const p = (o.fn.parameters ?? []) as unknown[];
      expr = aggSql(fn, p.length > 0 ? ctx.resolveAggregate(String(p[0]), fn) : undefined);
    } else {
      const target = ctx.resolveFor(o.field, 'sort');
      expr = target.sql;
    }
    const dir = o.order === 'DESC' ? 'DESC' : 'ASC';
    return `${expr} ${dir}${o.nulls ? ` NULLS ${o.nulls}` : ''}`;
  });
  let sql = `SELECT ${countOnly ? 'COUNT(*) AS n' : [...(aggregate ? [] : ['t0."Id" AS __id', ...[...ctx.joins.values()].map((j) => `${j.alias}."Id" AS p_${j.alias}`)]), ...selects].join(', ')} FROM ${tableName(root.name)} t0${ctx.joinSql()}`;
  if (where.length > 0) sql += ` WHERE ${where.join(' AND ')}`;
  if (groupBy.length > 0) sql += ` GROUP BY ${groupBy.map((g) => g.sql).join(', ')}`;
  if (orderBy.length > 0 && !countOnly) sql += ` ORDER BY ${orderBy.join(', ')}`;
  // Literals reach SQLite only once they are known to be in range (a 20-digit LIMIT is a MALFORMED_QUERY).
  for (const [clause, n] of [
    ['LIMIT', q.limit],
    ['OFFSET', q.offset]
  ] as const)
    if (n !== undefined && !(Number.isSafeInteger(n) && n >= 0 && n <= 2_147_483_647))
      throw new SalesforceError('MALFORMED_QUERY', `${clause} must be a whole number from 0 to 2147483647, got ${n}`);
  if (q.limit !== undefined || q.offset !== undefined) sql += ` LIMIT ${q.limit ?? -1}`;
  if (q.offset !== undefined) {
    if (q.offset > 2000) throw new SalesforceError('NUMBER_OUTSIDE_VALID_RANGE', `Maximum SOQL offset allowed is 2000`);
    sql += ` OFFSET ${q.offset}`;
  }
  if (params.length > MAX_SQL_PARAMS)
    throw malformedQuery(`too many values in the query (${params.length}); the local org allows ${MAX_SQL_PARAMS}`);
  const rows = store.sql(sql).all(...params) as Record<string, unknown>[];
  const base = { entityName: root.name, keyPrefix: root.keyPrefix, aggregate, countOnly, columns };
  if (countOnly) {
    const n = Number(rows[0]?.n ?? 0);
    return { ...base, totalSize: q.limit !== undefined ? Math.min(n, q.limit) : n, records: [] };
  }
  const version = opts.apiVersion ?? '65.0';
  const records = rows.map((row) => shape(row, columns, aggregate, root.name, version, ctx));
  return { ...base, totalSize: records.length, records };
}

function shape(
  row: Record<string, unknown>,
  columns: Column[],
  aggregate: boolean,
  type: string,
  version: string,
  ctx: QueryContext
): ApiRecord {
  const url = (t: string, id: unknown): string => `/services/data/v${version}/sobjects/${t}/${String(id)}`;
  const rec: ApiRecord = aggregate
    ? { attributes: { type: 'AggregateResult' } }
    : { attributes: { type, url: url(type, row.__id) } };
  for (const c of columns) {
    const value = c.field ? fromDb(c.field, row[c.sqlAlias]) : row[c.sqlAlias];
    if (c.relationship && !aggregate) {
      const join = ctx.joins.get(c.relationship)!;
      const parentId = row[`p_${join.alias}`];
      if (parentId === null || parentId === undefined) {
        rec[c.relationship] = null;
        continue;
      }
      rec[c.relationship] ??= { attributes: { type: join.object.name, url: url(join.object.name, parentId) } };
      (rec[c.relationship] as ApiRecord)[c.key] = value;
    } else {
      rec[c.key] = value;
    }
  }
  return rec;
}
