/**
 * `TYPEOF relationship WHEN Type THEN fields … [ELSE fields] END` in SELECT ("TYPEOF",
 * https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_typeof.htm):
 * on a polymorphic relationship of the queried object, one `WHEN` per referenced object type with
 * that object's fields, and an optional `ELSE` list (fields of the Name object, polymorphic.ts) for
 * records whose reference points at none of the `WHEN` types. The relationship cannot also be named
 * elsewhere in the field list. Not in aggregate queries or semi-joins. The local org takes plain
 * fields in the lists (relationship paths inside a `WHEN` fail loudly).
 */
import type { FieldType } from '@jetstreamapp/soql-parser-js';
import { malformedQuery } from '../errors.js';
import type { QueryContext } from './context.js';
import { isPolymorphic } from './polymorphic.js';
import type { Column } from './shape.js';

interface TypeofField {
  field: string;
  conditions: { type: 'WHEN' | 'ELSE'; objectType?: string; fieldList: string[] }[];
}

/** The columns of one TYPEOF expression; `selects` receives their SQL, numbered from `first`. */
export function typeofColumns(ctx: QueryContext, f: FieldType, first: number, selects: string[]): Column[] {
  const { field: relationship, conditions } = f as unknown as TypeofField;
  const via = ctx.schema.relationship(ctx.root.name, relationship);
  if (!via || !isPolymorphic(via))
    throw malformedQuery(
      ctx.positioned(relationship, `TYPEOF can only be used with a polymorphic relationship field: ${relationship}`)
    );
  const rel = via.relationshipName!;
  // The Name join carries the referenced type of each row (and creates the nested record).
  const named = ctx.resolve(`${rel}.Id`);
  const columns: Column[] = [];
  const add = (column: Omit<Column, 'sqlAlias'>, sql: string): void => {
    const sqlAlias = `c${first + columns.length}`;
    selects.push(`${sql} AS ${sqlAlias}`);
    columns.push({ ...column, sqlAlias });
  };
  add(
    { key: rel, displayName: `TYPEOF ${rel}`, aggregate: false, relationship: rel, branch: '*', holderOnly: true },
    named.sql
  );
  const whenTypes: string[] = [];
  for (const c of conditions) {
    let type = '*';
    if (c.type === 'WHEN') {
      const object = (via.referenceTo ?? []).find((o) => o.toLowerCase() === (c.objectType ?? '').toLowerCase());
      if (!object || !ctx.schema.get(object))
        throw malformedQuery(
          ctx.positioned(c.objectType ?? '', `TYPEOF ${rel}: ${rel} cannot reference ${c.objectType}`)
        );
      if (whenTypes.includes(object))
        throw malformedQuery(ctx.positioned(c.objectType!, `TYPEOF ${rel}: WHEN ${object} is given twice`));
      whenTypes.push(object);
      type = object;
    }
    for (const name of c.fieldList) {
      if (name.includes('.'))
        throw malformedQuery(`relationship paths inside TYPEOF are not supported by the local org: ${name}`);
      const target = type === '*' ? ctx.resolve(`${rel}.${name}`) : ctx.resolveTyped(rel, type, name);
      add(
        {
          key: target.field.name,
          displayName: name,
          aggregate: false,
          field: target.field,
          relationship: rel,
          branch: type
        },
        target.sql
      );
    }
  }
  for (const c of columns) if (c.branch === '*') c.whenTypes = whenTypes;
  return columns;
}

/**
 * "typeOfField cannot reference a relationship field that is also referenced in the fieldList"; and a
 * TYPEOF has no place in an aggregate query (its rows are not records).
 */
export function rejectTypeofOverlap(ctx: QueryContext, columns: Column[], aggregate: boolean): void {
  const typeofs = new Set(columns.filter((c) => c.holderOnly).map((c) => c.relationship!.toLowerCase()));
  if (typeofs.size === 0) return;
  if (aggregate) throw malformedQuery('TYPEOF cannot be used in an aggregate query');
  for (const c of columns)
    if (!c.branch && c.relationship && typeofs.has(c.relationship.split('.')[0].toLowerCase()))
      throw malformedQuery(
        ctx.positioned(
          c.displayName,
          `${c.displayName}: a relationship used in TYPEOF cannot also be referenced in the field list`
        )
      );
}
