/**
 * Field-path resolution shared by the SOQL compiler: base table t0, one join per parent relationship
 * path, up to five child-to-parent levels ("Understanding Relationship Query Limitations",
 * https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_relationships_query_limits.htm).
 */
import { SalesforceError, malformedQuery } from '../errors.js';
import { fieldCapabilities, type FieldDef, type ObjectDef, type SchemaRegistry } from '../schema.js';
import { col, tableName } from '../store.js';
import { NAME_OBJECT, isPolymorphic, nameObjectField, nameObjectSource } from './polymorphic.js';

export interface ResolvedField {
  /** SQL expression, e.g. `t1."Name"`. */
  sql: string;
  field: FieldDef;
  /** Relationship path (canonical case, e.g. `Account.Owner`) when the path goes through parents. */
  relationship?: string;
  /** The object that holds the field. */
  object: ObjectDef;
}

/** Child-to-parent levels allowed in one field path (`Contact.Account.Owner.Profile.Name` is four). */
export const MAX_PARENT_LEVELS = 5;

/** A parent join: a table, or (polymorphic references) the union of the referenced objects' Name rows. */
export interface Join {
  alias: string;
  object: ObjectDef;
  via: FieldDef;
  parentAlias: string;
  /** SQL source instead of the object's table (polymorphic.ts). */
  source?: string;
  /** A polymorphic relationship's Name join: its rows carry the referenced object's `Type`. */
  polymorphic?: boolean;
}

export class QueryContext {
  /** Parent joins by relationship path (`Account`, `Account.Owner`), in the order they were added. */
  readonly joins = new Map<string, Join>();

  constructor(
    readonly schema: SchemaRegistry,
    readonly root: ObjectDef,
    readonly soql: string
  ) {}

  /**
   * Salesforce's positioned error text: the query line, a caret, `ERROR at Row:1:Column:n`. With
   * `clause` (e.g. `ORDER BY`), the token is looked for after that keyword.
   */
  positioned(token: string, message: string, clause?: string): string {
    const re = new RegExp(`(^|[^A-Za-z0-9_.])(${token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')})(?![A-Za-z0-9_])`, 'gi');
    let from = 0;
    if (clause) {
      const c = new RegExp(`\\b${clause.replace(/ /g, '\\s+')}\\b`, 'i').exec(this.soql);
      if (c) from = c.index + c[0].length;
    }
    re.lastIndex = from;
    const m = re.exec(this.soql) ?? (from > 0 ? ((re.lastIndex = 0), re.exec(this.soql)) : null);
    if (!m) return message;
    const at = m.index + m[1].length;
    const before = this.soql.slice(0, at).split('\n');
    const row = before.length;
    const column = before[before.length - 1].length + 1;
    const line = this.soql.split('\n')[row - 1];
    return `${line}\n${' '.repeat(column - 1)}^\nERROR at Row:${row}:Column:${column}\n${message}`;
  }

  invalidField(path: string, message: string, clause?: string): SalesforceError {
    return new SalesforceError('INVALID_FIELD', this.positioned(path, message, clause));
  }

  resolve(path: string): ResolvedField {
    const parts = path.split('.');
    if (parts.length === 1) {
      const field = this.schema.field(this.root.name, path);
      if (!field)
        throw this.invalidField(
          path,
          `No such column '${path}' on entity '${this.root.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`
        );
      return { sql: `t0.${col(field.name)}`, field, object: this.root };
    }
    if (parts.length - 1 > MAX_PARENT_LEVELS)
      throw malformedQuery(
        this.positioned(
          path,
          `A driving SObject type can only be followed by ${MAX_PARENT_LEVELS} levels of child-to-parent relationships: ${path}`
        )
      );
    let object = this.root;
    let parentAlias = 't0';
    let key = '';
    const hops = parts.slice(0, -1);
    for (const [i, relName] of hops.entries()) {
      const via = this.schema.relationship(object.name, relName);
      if (isPolymorphic(via) && object !== NAME_OBJECT) {
        if (i < hops.length - 1)
          throw malformedQuery(
            this.positioned(
              path,
              `relationships beyond the polymorphic ${via!.relationshipName} are not supported by the local org: ${path}`
            )
          );
        key = key ? `${key}.${via!.relationshipName!}` : via!.relationshipName!;
        let join = this.joins.get(key);
        if (!join) {
          join = {
            alias: `t${this.joins.size + 1}`,
            object: NAME_OBJECT,
            via: via!,
            parentAlias,
            source: nameObjectSource(this.schema, via!),
            polymorphic: true
          };
          this.joins.set(key, join);
        }
        object = NAME_OBJECT;
        parentAlias = join.alias;
        continue;
      }
      if (!via || !via.referenceTo || via.referenceTo.length !== 1)
        throw this.invalidField(
          path,
          `Didn't understand relationship '${relName}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`
        );
      const parent = this.schema.get(via.referenceTo[0]);
      if (!parent) throw malformedQuery(`relationship ${relName} points at an unknown object`);
      key = key ? `${key}.${via.relationshipName!}` : via.relationshipName!;
      let join = this.joins.get(key);
      if (!join) {
        join = { alias: `t${this.joins.size + 1}`, object: parent, via, parentAlias };
        this.joins.set(key, join);
      }
      object = parent;
      parentAlias = join.alias;
    }
    const fieldName = parts[parts.length - 1];
    const field = object === NAME_OBJECT ? nameObjectField(fieldName) : this.schema.field(object.name, fieldName);
    if (!field)
      throw this.invalidField(
        path,
        `No such column '${fieldName}' on entity '${object.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`
      );
    return { sql: `${parentAlias}.${col(field.name)}`, field, relationship: key, object };
  }

  /**
   * Resolves a field used in WHERE (filter), ORDER BY (sort) or GROUP BY (group), refusing what its
   * describe does not allow: `field 'X' can not be grouped in a query call` is the org's wording
   * (https://ktema.org/articles/soql-group-by-fields/); the filtered/sorted variants follow it (unverified).
   */
  resolveFor(path: string, use: 'filter' | 'sort' | 'group'): ResolvedField {
    const r = this.resolve(path);
    const can = fieldCapabilities(r.field);
    const [ok, verb] =
      use === 'filter'
        ? [can.filterable, 'filtered']
        : use === 'sort'
          ? [can.sortable, 'sorted']
          : [can.groupable, 'grouped'];
    const clause = use === 'filter' ? 'WHERE' : use === 'sort' ? 'ORDER BY' : 'GROUP BY';
    if (!ok) throw this.invalidField(path, `field '${r.field.name}' can not be ${verb} in a query call`, clause);
    return r;
  }

  /**
   * Resolves an aggregate function's field: it must be aggregatable, and AVG and SUM need a number
   * ("Support for Field Types in Aggregate Functions"); the message wording is unverified.
   */
  resolveAggregate(path: string, fn: string): ResolvedField {
    const r = this.resolve(path);
    const numeric = ['double', 'int', 'currency', 'percent'].includes(r.field.type);
    if (!fieldCapabilities(r.field).aggregatable || ((fn === 'AVG' || fn === 'SUM') && !numeric))
      throw this.invalidField(path, `field ${r.field.name} does not support aggregate operator ${fn}`);
    return r;
  }

  /**
   * A field of one referenced object of a polymorphic relationship of the root (a TYPEOF `WHEN` list):
   * its own join on the same reference, which finds a row only when the reference points at that object.
   */
  resolveTyped(relationshipName: string, objectName: string, fieldName: string): ResolvedField {
    const via = this.schema.relationship(this.root.name, relationshipName)!;
    const object = this.schema.get(objectName)!;
    const key = `${via.relationshipName}<${object.name}>`;
    let join = this.joins.get(key);
    if (!join) {
      join = { alias: `t${this.joins.size + 1}`, object, via, parentAlias: 't0' };
      this.joins.set(key, join);
    }
    const field = this.schema.field(object.name, fieldName);
    if (!field)
      throw this.invalidField(
        fieldName,
        `No such column '${fieldName}' on entity '${object.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`
      );
    return { sql: `${join.alias}.${col(field.name)}`, field, relationship: via.relationshipName, object };
  }

  joinSql(): string {
    return [...this.joins.values()]
      .map(
        (j) =>
          ` LEFT JOIN ${j.source ?? tableName(j.object.name)} ${j.alias} ON ${j.alias}."Id" = ${j.parentAlias}.${col(j.via.name)}`
      )
      .join('');
  }
}

export const isText = (f: FieldDef): boolean =>
  ['string', 'textarea', 'picklist', 'multipicklist', 'email', 'url', 'phone'].includes(f.type);
