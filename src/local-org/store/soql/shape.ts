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
      holder[name] ??= { attributes: { type: join.object.name, url: url(join.object.name, parentId) } };
      holder = holder[name] as ApiRecord;
    }
    if (holder) holder[c.key] = value;
  }
  return rec;
}
