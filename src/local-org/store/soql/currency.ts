/**
 * Currency conversion in SOQL for multi-currency orgs ("convertCurrency()",
 * https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_querying_currency_fields.htm):
 *
 * - `convertCurrency(field)` in SELECT converts a currency field from the record's currency to the
 *   running user's. With advanced currency management, currency fields on opportunities and opportunity
 *   line items use the dated rate "that corresponds to a given field (for example, CloseDate on
 *   opportunities)"; everything else, and every object without ACM, uses the static rate
 *   (CurrencyType.ConversionRate). Not allowed in WHERE or ORDER BY; it supports aliasing.
 * - `Amount > USD5000` in WHERE compares with "the equivalent of USD5000" in the record's currency;
 *   the ISO code must be an active currency, and an IN list cannot mix ISO-code and plain values.
 * - In a query with GROUP BY or HAVING, aggregates of currency fields are "in the org's default
 *   currency" (the corporate one), and ISO-code values cannot be used with an aggregate function.
 *
 * Rates are relative to the corporate currency (CurrencyType: "the conversion rate to the corporate
 * currency"), so a value converts as value / rate(from) × rate(to). Converted values keep the field's
 * scale (rounded half up); the platform's rounding of converted values is not documented (unverified).
 */
import { SalesforceError, malformedQuery } from '../errors.js';
import { currencyFeatures, hasAdvancedCurrencyManagement } from '../currency-features.js';
import { col, tableName, type Store } from '../store.js';
import type { FieldType } from '@jetstreamapp/soql-parser-js';
import type { QueryContext, ResolvedField } from './context.js';
import type { Column } from './shape.js';

/** Objects whose currency fields convert at dated rates under ACM, with the SQL of the date that picks the rate. */
const DATED_OBJECTS: Record<string, (alias: string) => string> = {
  Opportunity: (alias) => `${alias}."CloseDate"`,
  OpportunityLineItem: (alias) =>
    `(SELECT o."CloseDate" FROM ${tableName('Opportunity')} o WHERE o."Id" = ${alias}."OpportunityId")`
};

const CURRENCY_LITERAL = /^([A-Za-z]{3})(-?\d+(?:\.\d+)?)$/;

/** Builds the SQL of conversions for one query; knows the org's currencies and the running user's. */
export class CurrencyConverter {
  private readonly multiCurrency: boolean;
  private readonly dated: boolean;
  private activeCodes?: Set<string>;

  constructor(
    private readonly store: Store,
    private readonly ctx: QueryContext
  ) {
    this.multiCurrency = currencyFeatures(store).multiCurrency;
    this.dated = hasAdvancedCurrencyManagement(store);
  }

  /** `convertCurrency(path)` in SELECT: the field in the running user's currency. */
  convertToUser(target: ResolvedField, raw: string): string {
    this.requireMultiCurrency(raw);
    if (target.field.type !== 'currency')
      throw this.ctx.invalidField(
        raw,
        `convertCurrency() can only be used on currency fields: ${target.field.name} is of type ${target.field.type}`
      );
    return this.convert(target, this.userIsoSql());
  }

  /** A currency field aggregated in a GROUP BY or HAVING query: in the corporate currency (multi-currency orgs). */
  toCorporate(target: ResolvedField): ResolvedField {
    if (!this.multiCurrency || target.field.type !== 'currency') return target;
    return { ...target, sql: this.convert(target, this.literal(this.corporateIso())) };
  }

  /** Whether a WHERE literal type is an ISO-code value (`USD5000`, `EUR10.5`). */
  static isCurrencyLiteral(type: string): boolean {
    return type === 'INTEGER_WITH_CURRENCY_PREFIX' || type === 'DECIMAL_WITH_CURRENCY_PREFIX';
  }

  /**
   * An ISO-code value compared with `target`, as SQL in the record's currency. The code and the amount
   * are checked (three letters of an active currency, a number) before they become SQL literals.
   */
  literalInRecordCurrency(target: ResolvedField, raw: string, path: string): string {
    this.requireMultiCurrency(raw);
    if (target.field.type !== 'currency')
      throw new SalesforceError(
        'INVALID_QUERY_FILTER_OPERATOR',
        this.ctx.positioned(path, `value of filter criterion for field '${path}' must be of type ${target.field.type}`)
      );
    const m = CURRENCY_LITERAL.exec(raw);
    if (!m || !Number.isFinite(Number(m[2])))
      throw malformedQuery(this.ctx.positioned(raw, `invalid currency value: ${raw}`));
    const iso = m[1].toUpperCase();
    if (!this.isActive(iso))
      throw malformedQuery(
        this.ctx.positioned(
          raw,
          `invalid currency ISO code: ${m[1]}: use the ISO code of an active currency of the org`
        )
      );
    const date = this.rateDate(target);
    return `(${Number(m[2])} / ${this.rate(this.literal(iso), date)} * ${this.rate(this.recordIsoSql(target), date)})`;
  }

  private convert(target: ResolvedField, toIsoSql: string): string {
    const date = this.rateDate(target);
    const scale = target.field.scale ?? 2;
    const converted = `${target.sql} / ${this.rate(this.recordIsoSql(target), date)} * ${this.rate(toIsoSql, date)}`;
    return `(CASE WHEN ${target.sql} IS NULL THEN NULL ELSE ROUND(${converted}, ${scale}) END)`;
  }

  /** The rate of `isoSql` (static, or dated on `dateSql` with a fallback to the static rate). */
  private rate(isoSql: string, dateSql: string | undefined): string {
    const staticRate = `(SELECT ct."ConversionRate" FROM ${tableName('CurrencyType')} ct WHERE ct."IsoCode" = ${isoSql} AND ct."IsDeleted" = 0)`;
    if (!dateSql) return staticRate;
    const datedRate =
      `(SELECT d."ConversionRate" FROM ${tableName('DatedConversionRate')} d WHERE d."IsoCode" = ${isoSql}` +
      ` AND d."IsDeleted" = 0 AND d."StartDate" <= ${dateSql} AND (d."NextStartDate" IS NULL OR d."NextStartDate" > ${dateSql}))`;
    return `COALESCE(${datedRate}, ${staticRate})`;
  }

  /** The SQL of the date that picks a dated rate for the field's record, when dated rates apply to it. */
  private rateDate(target: ResolvedField): string | undefined {
    const dateOf = DATED_OBJECTS[target.object.name];
    return this.dated && dateOf ? dateOf(aliasOf(target)) : undefined;
  }

  private recordIsoSql(target: ResolvedField): string {
    return this.store.schema.field(target.object.name, 'CurrencyIsoCode')
      ? `${aliasOf(target)}.${col('CurrencyIsoCode')}`
      : this.literal(this.corporateIso());
  }

  private userIsoSql(): string {
    const user = this.store.userId
      ? (this.store
          .sql(`SELECT "DefaultCurrencyIsoCode" AS iso FROM ${tableName('User')} WHERE "Id" = ?`)
          .get(this.store.userId) as { iso: string | null } | undefined)
      : undefined;
    return this.literal(user?.iso || this.corporateIso());
  }

  private corporateIso(): string {
    const row = this.store
      .sql(`SELECT "IsoCode" AS iso FROM ${tableName('CurrencyType')} WHERE "IsCorporate" = 1 AND "IsDeleted" = 0`)
      .get() as { iso: string } | undefined;
    if (!row) throw malformedQuery('the org has no corporate currency to convert with');
    return row.iso;
  }

  private isActive(iso: string): boolean {
    this.activeCodes ??= new Set(
      (
        this.store
          .sql(`SELECT "IsoCode" AS iso FROM ${tableName('CurrencyType')} WHERE "IsActive" = 1 AND "IsDeleted" = 0`)
          .all() as { iso: string }[]
      ).map((r) => r.iso.toUpperCase())
    );
    return this.activeCodes.has(iso);
  }

  private requireMultiCurrency(raw: string): void {
    if (!this.multiCurrency)
      throw malformedQuery(
        this.ctx.positioned(raw, `${raw}: currency conversion requires an org with multiple currencies enabled`)
      );
  }

  /** A validated ISO code as an SQL string literal (codes are three letters). */
  private literal(iso: string): string {
    if (!/^[A-Za-z]{3}$/.test(iso)) throw malformedQuery(`invalid currency ISO code: ${iso}`);
    return `'${iso.toUpperCase()}'`;
  }
}

/**
 * `convertCurrency(field)` in SELECT: the field's column with its value in the user's currency, keyed
 * by its alias or the field's name. An alias is required when the field is selected more than once
 * ("aliasing is required when the query includes the same field multiple times").
 */
export function convertedColumn(
  ctx: QueryContext,
  currency: CurrencyConverter,
  f: FieldType & { type: 'FieldFunctionExpression' },
  index: number,
  selects: string[]
): Column {
  const raw = f.rawValue ?? 'convertCurrency()';
  const params = f.parameters ?? [];
  if (params.length !== 1) throw malformedQuery(ctx.positioned(raw, `convertCurrency() takes one field: ${raw}`));
  if (typeof params[0] !== 'string')
    throw malformedQuery(
      ctx.positioned(
        raw,
        `convertCurrency() takes a currency field, not a function: the result of an aggregate function cannot be converted: ${raw}`
      )
    );
  const target = ctx.resolve(params[0]);
  const sqlAlias = `c${index}`;
  selects.push(`${currency.convertToUser(target, raw)} AS ${sqlAlias}`);
  const key = f.alias ?? target.field.name;
  return {
    key,
    displayName: raw,
    aggregate: false,
    field: target.field,
    relationship: target.relationship,
    sqlAlias,
    converted: true
  };
}

/** A convertCurrency() column without an alias may not share its key with another column. */
export function rejectDuplicateConverted(ctx: QueryContext, columns: Column[]): void {
  const id = (c: Column): string => `${c.relationship ?? ''}.${c.key}`.toLowerCase();
  for (const c of columns.filter((x) => x.converted))
    if (columns.some((o) => o !== c && id(o) === id(c)))
      throw malformedQuery(
        ctx.positioned(c.displayName, `duplicate field selected: ${c.key}: give convertCurrency() an alias`)
      );
}

/** The table alias of a resolved field (`t1."Amount"` → `t1`). */
function aliasOf(target: ResolvedField): string {
  return target.sql.slice(0, target.sql.indexOf('.'));
}
