/**
 * Every SOQL statement in force-app's Apex uses fields only in the clauses the Object Reference
 * allows them in: WHERE needs "Filter", GROUP BY "Group", ORDER BY "Sort". The properties below
 * are copied from the Object Reference pages of the setup objects the project queries (custom
 * fields of the project's own objects are filterable, groupable and sortable as their types allow
 * and are not listed).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { parseQuery, type Query, type WhereClause } from '@jetstreamapp/soql-parser-js';

const CLASSES = join(import.meta.dirname, '..', '..', 'force-app', 'main', 'default', 'classes');

type Properties = Record<string, Array<'filter' | 'group' | 'sort'>>;

/** https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_datedconversionrate.htm */
const DATED_CONVERSION_RATE: Properties = {
  ConversionRate: ['filter'],
  IsoCode: ['filter'],
  NextStartDate: ['filter'],
  StartDate: ['filter']
};
/** https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_currencytype.htm */
const CURRENCY_TYPE: Properties = {
  ConversionRate: ['filter'],
  DecimalPlaces: ['filter'],
  IsActive: ['filter'],
  IsCorporate: ['filter'],
  IsoCode: ['filter']
};
const OBJECTS: Record<string, Properties> = {
  DatedConversionRate: DATED_CONVERSION_RATE,
  CurrencyType: CURRENCY_TYPE
};

/** The inline SOQL of an Apex source: `[SELECT ... ]`, bind limits made literal for the parser. */
export function inlineSoql(source: string): string[] {
  const found: string[] = [];
  const re = /\[\s*(SELECT\b[\s\S]*?)\]/gi;
  for (let m = re.exec(source); m; m = re.exec(source)) {
    found.push(
      m[1]
        .replace(/\bLIMIT\s+:\s*\w+/gi, 'LIMIT 1')
        .replace(/\s+/g, ' ')
        .trim()
    );
  }
  return found;
}

type WhereNode = { left?: { field?: string } | null; right?: WhereNode };

function whereFields(where: WhereClause | undefined, out: string[] = []): string[] {
  const node = where as WhereNode | undefined;
  if (!node) return out;
  if (node.left?.field) out.push(node.left.field);
  if (node.right) whereFields(node.right as WhereClause, out);
  return out;
}

/** Problems of one statement against the property table, as `<Object>.<field>: not <property>`. */
export function propertyProblems(soql: string): string[] {
  const query = parseQuery(soql, { allowApexBindVariables: true }) as Query;
  const properties = OBJECTS[query.sObject ?? ''];
  if (!properties) return [];
  const problems: string[] = [];
  const check = (field: string, property: 'filter' | 'group' | 'sort'): void => {
    const allowed = properties[field];
    if (allowed && !allowed.includes(property)) problems.push(`${query.sObject}.${field}: not ${property}able`);
  };
  for (const field of whereFields(query.where)) check(field, 'filter');
  for (const g of query.groupBy ? (Array.isArray(query.groupBy) ? query.groupBy : [query.groupBy]) : [])
    if ('field' in g && g.field) check(g.field, 'group');
  for (const o of query.orderBy ? (Array.isArray(query.orderBy) ? query.orderBy : [query.orderBy]) : [])
    if ('field' in o && o.field) check(o.field, 'sort');
  return problems;
}

describe('force-app SOQL against the Object Reference field properties', () => {
  it('flags ORDER BY and GROUP BY on DatedConversionRate fields that are filter-only', () => {
    expect(
      propertyProblems('SELECT Id FROM DatedConversionRate WHERE IsoCode IN :codes ORDER BY IsoCode, StartDate DESC')
    ).to.deep.equal(['DatedConversionRate.IsoCode: not sortable', 'DatedConversionRate.StartDate: not sortable']);
    expect(
      propertyProblems('SELECT IsoCode, MAX(StartDate) m FROM DatedConversionRate GROUP BY IsoCode')
    ).to.deep.equal(['DatedConversionRate.IsoCode: not groupable']);
    expect(propertyProblems('SELECT IsoCode FROM CurrencyType WHERE IsActive = TRUE ORDER BY IsoCode')).to.deep.equal([
      'CurrencyType.IsoCode: not sortable'
    ]);
  });

  it('no statement in force-app (classes and tests) uses a field beyond its documented properties', () => {
    const problems: string[] = [];
    let statements = 0;
    for (const file of readdirSync(CLASSES).filter((f) => f.endsWith('.cls'))) {
      for (const soql of inlineSoql(readFileSync(join(CLASSES, file), 'utf8'))) {
        statements++;
        for (const p of propertyProblems(soql)) problems.push(`${file}: ${p} in ${soql}`);
      }
    }
    expect(statements).to.be.greaterThan(8);
    expect(problems).to.deep.equal([]);
  });
});
