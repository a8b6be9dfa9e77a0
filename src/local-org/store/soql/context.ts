/** Field-path resolution shared by the SOQL compiler: base table t0, one join per parent relationship. */
import { SalesforceError, malformedQuery } from '../errors.js';
import type { FieldDef, ObjectDef, SchemaRegistry } from '../schema.js';
import { col, tableName } from '../store.js';

export interface ResolvedField {
  /** SQL expression, e.g. `t1."Name"`. */
  sql: string;
  field: FieldDef;
  /** Relationship name (canonical case) when the path goes through a parent. */
  relationship?: string;
  /** The object that holds the field. */
  object: ObjectDef;
}

export class QueryContext {
  readonly joins = new Map<string, { alias: string; object: ObjectDef; via: FieldDef }>();

  constructor(
    readonly schema: SchemaRegistry,
    readonly root: ObjectDef,
    readonly soql: string
  ) {}

  /** Salesforce's positioned error text: the query line, a caret, `ERROR at Row:1:Column:n`. */
  positioned(token: string, message: string): string {
    const lines = this.soql.split('\n');
    const re = new RegExp(`(^|[^A-Za-z0-9_.])(${token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')})(?![A-Za-z0-9_])`, 'i');
    for (let row = 0; row < lines.length; row++) {
      const m = re.exec(lines[row]);
      if (m) {
        const column = m.index + m[1].length + 1;
        return `${lines[row]}\n${' '.repeat(column - 1)}^\nERROR at Row:${row + 1}:Column:${column}\n${message}`;
      }
    }
    return message;
  }

  invalidField(path: string, message: string): SalesforceError {
    return new SalesforceError('INVALID_FIELD', this.positioned(path, message));
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
    if (parts.length > 2)
      throw malformedQuery(`relationship paths deeper than one level are not supported by the local org: ${path}`);
    const [relName, fieldName] = parts;
    const via = this.schema.relationship(this.root.name, relName);
    if (!via || !via.referenceTo || via.referenceTo.length !== 1)
      throw this.invalidField(
        path,
        `Didn't understand relationship '${relName}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`
      );
    const parent = this.schema.get(via.referenceTo[0]);
    if (!parent) throw malformedQuery(`relationship ${relName} points at an unknown object`);
    const field = this.schema.field(parent.name, fieldName);
    if (!field)
      throw this.invalidField(
        path,
        `No such column '${fieldName}' on entity '${parent.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`
      );
    const key = via.relationshipName!;
    let join = this.joins.get(key);
    if (!join) {
      join = { alias: `t${this.joins.size + 1}`, object: parent, via };
      this.joins.set(key, join);
    }
    return { sql: `${join.alias}.${col(field.name)}`, field, relationship: key, object: parent };
  }

  joinSql(): string {
    return [...this.joins.values()]
      .map((j) => ` LEFT JOIN ${tableName(j.object.name)} ${j.alias} ON ${j.alias}."Id" = t0.${col(j.via.name)}`)
      .join('');
  }
}

export const isText = (f: FieldDef): boolean =>
  ['string', 'textarea', 'picklist', 'multipicklist', 'email', 'url', 'phone'].includes(f.type);
