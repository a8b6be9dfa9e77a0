/**
 * Unique fields (`<unique>true</unique>`, and standard ones such as User.Username): an insert or update whose
 * value another live record of the object already has fails with `DUPLICATE_VALUE`, `duplicate value found:
 * <Field> duplicates value on record with id: <Id>`; values compare case-insensitively unless the field is
 * case-sensitive (`<caseSensitive>true</caseSensitive>`)
 * (CustomField `unique`/`caseSensitive`:
 * https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/customfield.htm ; the wording as the
 * API returns it: https://salesforce.stackexchange.com/questions/35745). Store.insert/update run the check.
 */
import { SalesforceError } from './errors.js';
import type { FieldDef } from './schema.js';

/** The index the duplicate check uses (one per unique field; created with the field). */
export function uniqueIndexSql(table: string, column: string, name: string): string {
  const index = `"uq_${name.replace(/[^A-Za-z0-9_]/g, '_')}"`;
  return `CREATE INDEX IF NOT EXISTS ${index} ON ${table} (lower(${column}))`;
}

/** The query for another live record with the value (parameters: value, own Id). */
export function duplicateSql(table: string, column: string, field: FieldDef): string {
  // Text columns compare without case (SQLite NOCASE, as SOQL does): BINARY for a case-sensitive field.
  const match = field.caseSensitive ? `${column} = ? COLLATE BINARY` : `lower(${column}) = lower(?)`;
  return `SELECT Id FROM ${table} WHERE ${match} AND IsDeleted = 0 AND Id != ? LIMIT 1`;
}

export function duplicateValue(field: FieldDef, otherId: string): SalesforceError {
  return new SalesforceError(
    'DUPLICATE_VALUE',
    `duplicate value found: ${field.name} duplicates value on record with id: ${otherId}`,
    [field.name]
  );
}
