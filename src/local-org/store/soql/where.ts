/** WHERE clause → SQL. The parser yields a flat chain with parenthesis counts; we rebuild the tree. */
import { hasCalendarDatePrefix, parseIsoDateTime } from '../dates.js';
import type { Query, WhereClause } from '@jetstreamapp/soql-parser-js';
import { zonedMidnight } from '../clock.js';
import { SalesforceError, malformedQuery } from '../errors.js';
import { isId, normalizeId } from '../ids.js';
import { isText, type QueryContext, type ResolvedField } from './context.js';
import { CurrencyConverter } from './currency.js';
import { dateLiteralRange, type DateRange } from './dates.js';
import { resolveFunction, type FnCall } from './functions.js';

export type SqlParam = string | number | null;

/** Condition shape as the parser emits it (a union of its condition types). */
interface Cond {
  field?: string;
  fn?: unknown;
  operator: string;
  value?: string | string[];
  literalType?: string | string[];
  valueQuery?: unknown;
  openParen?: number;
  closeParen?: number;
}

type Token = { kind: 'cond'; cond: Cond } | { kind: 'op'; op: 'AND' | 'OR' | 'NOT' } | { kind: '(' } | { kind: ')' };

export interface WhereOptions {
  today: string;
  timeZone: string;
  binds?: Record<string, unknown>;
  /** HAVING: aggregate functions allowed; plain fields must be grouped (their SQL is in `grouped`). */
  having?: { grouped: Set<string> };
  /** Runs a semi-join or anti-join subquery and answers its values (null excluded). */
  semiJoin?: (q: Query, outer: ResolvedField, path: string) => SqlParam[];
  /** Converts ISO-code values (`Amount > USD5000`) and, in HAVING, currency aggregates. */
  currency: CurrencyConverter;
  /** HAVING of a grouped query: currency aggregates are in the corporate currency. */
  aggregated?: (target: ResolvedField) => ResolvedField;
}

function tokenize(where: WhereClause): Token[] {
  const tokens: Token[] = [];
  let node: WhereClause | undefined = where;
  while (node) {
    const n = node as {
      left: Cond | { openParen?: number } | null;
      operator?: 'AND' | 'OR' | 'NOT';
      right?: WhereClause;
    };
    const left = n.left as Cond | null;
    if (n.operator === 'NOT') {
      for (let i = 0; i < (left?.openParen ?? 0); i++) tokens.push({ kind: '(' });
      tokens.push({ kind: 'op', op: 'NOT' });
    } else if (left) {
      for (let i = 0; i < (left.openParen ?? 0); i++) tokens.push({ kind: '(' });
      tokens.push({ kind: 'cond', cond: left });
      for (let i = 0; i < (left.closeParen ?? 0); i++) tokens.push({ kind: ')' });
      if (n.operator) tokens.push({ kind: 'op', op: n.operator });
    }
    node = n.right;
  }
  return tokens;
}

export class WhereCompiler {
  readonly params: SqlParam[] = [];
  private pos = 0;
  private tokens: Token[] = [];

  constructor(
    private readonly ctx: QueryContext,
    private readonly opts: WhereOptions
  ) {}

  compile(where: WhereClause): string {
    this.tokens = tokenize(where);
    this.pos = 0;
    const sql = this.expr();
    if (this.pos !== this.tokens.length) throw malformedQuery('unexpected token in WHERE clause');
    return sql;
  }

  /** expr := unary ((AND|OR) unary)*, mixing AND and OR without parentheses is an error, as in SOQL. */
  private expr(): string {
    const parts = [this.unary()];
    let op: string | undefined;
    while (this.pos < this.tokens.length) {
      const t = this.tokens[this.pos];
      if (t.kind !== 'op' || t.op === 'NOT') break;
      if (op && op !== t.op)
        throw malformedQuery(`unexpected token: '${t.op}': use parentheses when mixing AND and OR`);
      op = t.op;
      this.pos++;
      parts.push(this.unary());
    }
    return parts.length === 1 ? parts[0] : `(${parts.join(` ${op} `)})`;
  }

  private unary(): string {
    const t = this.tokens[this.pos++];
    if (!t) throw malformedQuery('unexpected end of WHERE clause');
    if (t.kind === 'op' && t.op === 'NOT') return `(NOT ${this.unary()})`;
    if (t.kind === '(') {
      const inner = this.expr();
      if (this.tokens[this.pos]?.kind !== ')') throw malformedQuery('unbalanced parentheses in WHERE clause');
      this.pos++;
      return `(${inner})`;
    }
    if (t.kind === 'cond') return this.condition(t.cond);
    throw malformedQuery('unexpected token in WHERE clause');
  }

  private condition(c: Cond): string {
    const { target, path } = this.target(c);
    if (c.valueQuery || c.literalType === 'SUBQUERY') return this.semiJoin(c, target, path);
    const op = c.operator.toUpperCase();
    if (op === 'INCLUDES' || op === 'EXCLUDES') throw malformedQuery(`${op} is not supported by the local org`);
    // Text columns are declared COLLATE NOCASE: comparisons are case-insensitive as in SOQL and use indexes.
    const types = Array.isArray(c.literalType) ? c.literalType : [c.literalType ?? 'STRING'];
    if (types.some((t) => CurrencyConverter.isCurrencyLiteral(t)))
      return this.currencyCondition(c, op, types, target, path);
    if (op === 'IN' || op === 'NOT IN') {
      const raw = Array.isArray(c.value) ? c.value : [c.value ?? ''];
      const values = raw.flatMap((v, i) => this.values(target, types[i] ?? types[0], v, path));
      if (values.length === 0) return op === 'IN' ? '0' : '1';
      const list = values.map((v) => this.param(v)).join(', ');
      return op === 'IN' ? `${target.sql} IN (${list})` : `(${target.sql} IS NULL OR ${target.sql} NOT IN (${list}))`;
    }
    if (Array.isArray(c.value)) throw malformedQuery(`operator ${op} does not take a list`);
    const type = types[0];
    if (type === 'DATE_LITERAL' || type === 'DATE_N_LITERAL') return this.dateRange(target, op, c.value ?? '', path);
    if (type === 'NULL') {
      if (op === '=') return `${target.sql} IS NULL`;
      if (op === '!=' || op === '<>') return `${target.sql} IS NOT NULL`;
      throw malformedQuery(`operator ${op} cannot compare with null`);
    }
    const values = this.values(target, type, c.value ?? '', path);
    if (values.length !== 1) throw malformedQuery(`operator ${op} needs a single value`);
    const value = values[0];
    switch (op) {
      case '=':
        return value === null ? `${target.sql} IS NULL` : `${target.sql} = ${this.param(value)}`;
      case '!=':
      case '<>':
        return `${target.sql} IS NOT ${this.param(value)}`;
      case '<':
      case '<=':
      case '>':
      case '>=':
        return `${target.sql} ${op} ${this.param(value)}`;
      case 'LIKE':
        if (!isText(target.field) && target.field.type !== 'id' && target.field.type !== 'reference')
          throw new SalesforceError(
            'INVALID_QUERY_FILTER_OPERATOR',
            this.ctx.positioned(path, `invalid operator on ${target.field.type} field: LIKE`)
          );
        return `${target.sql} LIKE ${this.param(value)} ESCAPE '\\'`;
      default:
        throw malformedQuery(`operator ${op} is not supported by the local org`);
    }
  }

  /**
   * A comparison with ISO-code values (`Amount > USD5000`, `Amount IN (USD10, EUR20)`): each value in
   * the record's currency (currency.ts). Not with an aggregate function, and an IN list cannot mix
   * ISO-code and plain values (SOQL, convertCurrency(): "Considerations and Workarounds").
   */
  private currencyCondition(c: Cond, op: string, types: string[], target: ResolvedField, path: string): string {
    const raw = Array.isArray(c.value) ? c.value : [c.value ?? ''];
    if (this.opts.having)
      throw malformedQuery(
        this.ctx.positioned(
          raw[0],
          `ISO code values such as ${raw[0]} cannot be used with an aggregate function`,
          'HAVING'
        )
      );
    if (!types.every((t) => CurrencyConverter.isCurrencyLiteral(t)))
      throw malformedQuery(
        this.ctx.positioned(path, `an IN list cannot mix ISO code values and plain values: ${path}`)
      );
    const values = raw.map((v) => this.opts.currency.literalInRecordCurrency(target, v, path));
    if (op === 'IN' || op === 'NOT IN') {
      const list = values.join(', ');
      return op === 'IN' ? `${target.sql} IN (${list})` : `(${target.sql} IS NULL OR ${target.sql} NOT IN (${list}))`;
    }
    if (values.length !== 1) throw malformedQuery(`operator ${op} needs a single value`);
    switch (op) {
      case '=':
      case '<':
      case '<=':
      case '>':
      case '>=':
        return `${target.sql} ${op} ${values[0]}`;
      case '!=':
      case '<>':
        return `${target.sql} IS NOT ${values[0]}`;
      default:
        throw new SalesforceError(
          'INVALID_QUERY_FILTER_OPERATOR',
          this.ctx.positioned(path, `invalid operator on currency field: ${op}`)
        );
    }
  }

  /** The left-hand side of a condition: a field path or a function call (date function; aggregate in HAVING). */
  private target(c: Cond): { target: ResolvedField; path: string } {
    if (c.fn) {
      const call = c.fn as FnCall;
      const target = resolveFunction(
        this.ctx,
        call,
        this.opts.having !== undefined,
        this.opts.timeZone,
        this.opts.aggregated
      );
      return { target, path: call.rawValue ?? String(call.functionName) };
    }
    if (!c.field) throw malformedQuery('condition without a field');
    const target = this.ctx.resolveFor(c.field, 'filter');
    if (this.opts.having && !this.opts.having.grouped.has(target.sql))
      throw malformedQuery(
        this.ctx.positioned(c.field, `Field must be grouped or aggregated: ${target.field.name}`, 'HAVING')
      );
    return { target, path: c.field };
  }

  /**
   * `field IN (SELECT …)` / `NOT IN`: the subquery's values become the list (SOQL "Semi-Joins with IN
   * and Anti-Joins with NOT IN"); an anti-join keeps rows whose field is null.
   */
  private semiJoin(c: Cond, target: ResolvedField, path: string): string {
    const op = c.operator.toUpperCase();
    if (op !== 'IN' && op !== 'NOT IN') throw malformedQuery(`a subquery can only follow IN or NOT IN, not ${op}`);
    if (!this.opts.semiJoin) throw malformedQuery('semi-join and anti-join subqueries are not allowed here');
    if (target.field.type !== 'id' && target.field.type !== 'reference')
      throw malformedQuery(
        this.ctx.positioned(path, `Semi-join and anti-join subqueries can only compare ID or reference fields: ${path}`)
      );
    const values = this.opts.semiJoin(c.valueQuery as Query, target, path);
    const list = `(SELECT value FROM json_each(${this.param(JSON.stringify(values))}))`;
    return op === 'IN' ? `${target.sql} IN ${list}` : `(${target.sql} IS NULL OR ${target.sql} NOT IN ${list})`;
  }

  private param(v: SqlParam): string {
    this.params.push(v);
    return '?';
  }

  private filterError(path: string, what: string): SalesforceError {
    return new SalesforceError(
      'INVALID_QUERY_FILTER_OPERATOR',
      this.ctx.positioned(path, `value of filter criterion for field '${path}' must be of type ${what}`)
    );
  }

  /** Converts a literal (or bind variable) to its stored form for the target field. */
  private values(target: ResolvedField, type: string, raw: string, path: string): SqlParam[] {
    if (type === 'APEX_BIND_VARIABLE') {
      const name = raw.replace(/^:/, '');
      if (!this.opts.binds || !(name in this.opts.binds)) throw malformedQuery(`unknown bind variable :${name}`);
      const bound = this.opts.binds[name];
      const list = Array.isArray(bound) ? bound : bound instanceof Set ? [...bound] : [bound];
      return list.map((v) => this.bindValue(target, v));
    }
    const f = target.field;
    if (type === 'NULL') return [null];
    if (type === 'DATE_LITERAL' || type === 'DATE_N_LITERAL')
      throw malformedQuery('date literals are not supported inside IN lists by the local org');
    switch (f.type) {
      case 'boolean':
        if (type !== 'BOOLEAN') throw this.filterError(path, 'boolean and should not be enclosed in quotes');
        return [raw.toUpperCase() === 'TRUE' ? 1 : 0];
      case 'int':
      case 'double':
      case 'currency':
      case 'percent':
        if (type !== 'INTEGER' && type !== 'DECIMAL')
          throw this.filterError(path, 'number and should not be enclosed in quotes');
        if (!Number.isFinite(Number(raw))) throw malformedQuery(`invalid number: ${raw}`);
        return [Number(raw)];
      case 'date':
        if (type !== 'DATE') throw this.filterError(path, 'date and should not be enclosed in quotes');
        if (!hasCalendarDatePrefix(raw)) throw malformedQuery(`invalid date: ${raw}`);
        return [raw];
      case 'datetime': {
        if (type !== 'DATETIME') throw this.filterError(path, 'dateTime and should not be enclosed in quotes');
        const ms = parseIsoDateTime(raw);
        if (ms === undefined) throw malformedQuery(`invalid date-time: ${raw}`);
        return [new Date(ms).toISOString()];
      }
      case 'id':
      case 'reference': {
        if (type !== 'STRING') throw this.filterError(path, 'string and should be enclosed in quotes');
        const s = unquote(raw);
        if (!isId(s))
          throw new SalesforceError(
            'INVALID_QUERY_FILTER_OPERATOR',
            this.ctx.positioned(path, `invalid ID field: ${s}`)
          );
        return [normalizeId(s)];
      }
      default:
        if (type !== 'STRING') throw this.filterError(path, 'string and should be enclosed in quotes');
        return [unquote(raw)];
    }
  }

  private bindValue(target: ResolvedField, v: unknown): SqlParam {
    if (v === null || v === undefined) return null;
    if (typeof v === 'boolean') return v ? 1 : 0;
    if (v instanceof Date) return target.field.type === 'date' ? v.toISOString().slice(0, 10) : v.toISOString();
    if (typeof v === 'number') return v;
    const s = String(v);
    return (target.field.type === 'id' || target.field.type === 'reference') && isId(s) ? normalizeId(s) : s;
  }

  private dateRange(target: ResolvedField, op: string, literal: string, path: string): string {
    const ft = target.field.type;
    if (ft !== 'date' && ft !== 'datetime') throw this.filterError(path, `${ft} and should not be a date literal`);
    const range: DateRange = dateLiteralRange(literal, this.opts.today);
    const bound = (d: string): string => (ft === 'date' ? d : zonedMidnight(d, this.opts.timeZone).toISOString());
    const s = (): string => this.param(bound(range.start));
    const e = (): string => this.param(bound(range.end));
    switch (op) {
      case '=':
        return `(${target.sql} >= ${s()} AND ${target.sql} < ${e()})`;
      case '!=':
      case '<>':
        return `(${target.sql} IS NULL OR ${target.sql} < ${s()} OR ${target.sql} >= ${e()})`;
      case '<':
        return `${target.sql} < ${s()}`;
      case '<=':
        return `${target.sql} < ${e()}`;
      case '>':
        return `${target.sql} >= ${e()}`;
      case '>=':
        return `${target.sql} >= ${s()}`;
      default:
        throw malformedQuery(`operator ${op} cannot be used with a date literal`);
    }
  }
}

/** Removes the quotes of a SOQL string literal and resolves its escapes (LIKE escapes \% and \_ kept). */
export function unquote(raw: string): string {
  const inner = raw.startsWith("'") && raw.endsWith("'") && raw.length >= 2 ? raw.slice(1, -1) : raw;
  return inner.replace(/\\(.)/g, (_m, ch: string) => {
    switch (ch) {
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case 'r':
        return '\r';
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case '%':
      case '_':
        return `\\${ch}`;
      default:
        return ch;
    }
  });
}
