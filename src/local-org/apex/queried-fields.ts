/**
 * What a record retrieved by SOQL or SOSL can do. Reading a field (`record.Name`, `record.get('Name')`): it
 * carries the fields its query selected, its Id, and what the code has set since; reading another field of
 * its object raises `System.SObjectException: SObject row was retrieved via SOQL without querying the
 * requested field: <Object>.<Field>` ("Working with SOQL and SOSL Query Results": "If you try to access a
 * field that was not selected in the SOQL or SOSL query (other than ID), you receive a runtime error",
 * https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/langCon_apex_SOQL_working_with_results.htm).
 * Relationship names (`contact.Account`, `account.Contacts`) that were not queried read as null.
 * Writing it back with DML: the fields the operation cannot write that came with the query stay out.
 */
import type { Interpreter } from './interpreter.js';
import type { DmlOperation } from './data-layer.js';
import type { ApexSObject, Value } from './values.js';

export function readSObjectField(it: Interpreter, so: ApexSObject, name: string): Value {
  const lower = name.toLowerCase();
  const f = so.fields.get(lower);
  if (f) return f.value;
  if (so.queried && lower !== 'id') {
    const field = it.data.describe(so.type)?.fields.find((d) => d.name.toLowerCase() === lower);
    if (field)
      it.throwApex(
        'SObjectException',
        `SObject row was retrieved via SOQL without querying the requested field: ${so.type}.${field.name}`
      );
  }
  return null;
}

/**
 * For one DML call: the fields of a queried record that DML leaves out — those the operation cannot write
 * (system and formula fields, CreatedById, …) and the code has not set since the query; an org updates a
 * record read with such fields, and refuses only a field the code writes (`Field is not writeable`). The
 * object's describe is read once per type, not per row.
 */
export function queriedLeaveOut(it: Interpreter, op: DmlOperation): (r: ApexSObject) => Set<string> | null {
  const writes = op === 'update' || op === 'upsert' || op === 'insert';
  const unwritable = new Map<string, string[]>();
  const ofType = (type: string): string[] => {
    const key = type.toLowerCase();
    let names = unwritable.get(key);
    if (!names) {
      names = (it.data.describe(type)?.fields ?? [])
        .filter((f) => f.name.toLowerCase() !== 'id' && (op === 'insert' ? !f.createable : !f.updateable))
        .map((f) => f.name.toLowerCase());
      unwritable.set(key, names);
    }
    return names;
  };
  return (r) => (writes && r.queried ? new Set(ofType(r.type).filter((n) => !r.changed?.has(n))) : null);
}
