/** SQL rows → API records: parent relationship paths nest (`Account.Owner.Name`), child subqueries attach. */
import type { FieldDef } from '../schema.js';
import type { ApiRecord } from '../store.js';
import { fromDb } from '../values.js';
import type { QueryContext } from './context.js';

export interface Column {
  key: string;
  displayName: string;
  aggregate: boolean;
  field?: FieldDef;
  /** Relationship path (`Account.Owner`) of a parent field. */
  relationship?: string;
  sqlAlias: string;
  /** A child relationship subquery's column (filled after the main query). */
  child?: boolean;
  /** A `convertCurrency(field)` column. */
  converted?: boolean;
  /**
   * A TYPEOF column: the referenced object type whose `WHEN` list holds it, or `*` for the `ELSE`
   * list (used when the type matches none of `whenTypes`).
   */
  branch?: string;
  whenTypes?: string[];
  /** A TYPEOF's first column: creates the nested record (attributes only) whatever the branch. */
  holderOnly?: boolean;
}

export function shape(
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
    if (c.child) {
      rec[c.key] = null;
      continue;
    }
    if (c.branch && !inBranch(c, row, ctx)) continue;
    const value = c.field ? fromDb(c.field, row[c.sqlAlias]) : row[c.sqlAlias];
    if (!c.relationship || aggregate) {
      rec[c.key] = value;
      continue;
    }
    let holder: ApiRecord | null = rec;
    const names = c.relationship.split('.');
    for (let i = 0; i < names.length && holder; i++) {
      const join = ctx.joins.get(names.slice(0, i + 1).join('.'))!;
      const parentId = row[`p_${join.alias}`];
      const name = names[i];
      if (parentId === null || parentId === undefined) {
        holder[name] = null;
        holder = null;
        break;
      }
      const objectType = join.polymorphic ? String(row[`pt_${join.alias}`]) : join.object.name;
      holder[name] ??= { attributes: { type: objectType, url: url(objectType, parentId) } };
      holder = holder[name] as ApiRecord;
    }
    if (holder && !c.holderOnly) holder[c.key] = value;
  }
  return rec;
}

/** Whether a TYPEOF column applies to this row's referenced type. */
function inBranch(c: Column, row: Record<string, unknown>, ctx: QueryContext): boolean {
  const join = ctx.joins.get(c.relationship!)!;
  const actual = row[`pt_${join.alias}`];
  if (actual === null || actual === undefined) return c.holderOnly === true;
  if (c.holderOnly) return true;
  return c.branch === '*' ? !(c.whenTypes ?? []).includes(String(actual)) : c.branch === actual;
}
