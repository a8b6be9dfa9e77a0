/** DML statements (insert, update, upsert, delete, undelete) through the data layer, all-or-none. */
import type {
  DeleteStatementContext,
  InsertStatementContext,
  UndeleteStatementContext,
  UpdateStatementContext,
  UpsertStatementContext
} from '@apexdevtools/apex-parser';
import type { DataRecord, DmlOperation } from '../data-layer.js';
import { evaluate } from '../expressions.js';
import type { Interpreter } from '../interpreter.js';
import { ApexList, ApexSObject } from '../values.js';
import { toPlain } from './soql.js';

type DmlStatement =
  | InsertStatementContext
  | UpdateStatementContext
  | DeleteStatementContext
  | UpsertStatementContext
  | UndeleteStatementContext;

const OP_NAMES: Record<DmlOperation, string> = {
  insert: 'Insert',
  update: 'Update',
  upsert: 'Upsert',
  delete: 'Delete',
  undelete: 'Undelete'
};

export function execDml(it: Interpreter, s: DmlStatement): void {
  const op = s.getChild(0).getText().toLowerCase() as DmlOperation;
  if (s.accessLevel()) it.unsupported('DML with an access level (as user / as system)', s);
  const v = evaluate(it, s.expression());
  if (v === null) it.npe();
  const rows: ApexSObject[] = v instanceof ApexList ? (v.items as ApexSObject[]) : [v as ApexSObject];
  if (rows.some((r) => !(r instanceof ApexSObject))) it.unsupported(`${op} of a value that is not an sObject`, s);
  const records: DataRecord[] = rows.map((r) => {
    const rec: DataRecord = { attributes: { type: r.type } };
    for (const f of r.fields.values()) rec[f.name] = toPlain(f.value);
    return rec;
  });
  it.countDml(records.length);
  const externalIdField = 'qualifiedName' in s && s.qualifiedName() ? s.qualifiedName().getText() : undefined;
  const results = it.data.dml(op, records, { allOrNone: true, externalIdField });
  const failed = results.findIndex((r) => !r.success);
  if (failed >= 0) {
    const err = results[failed].errors[0];
    const fields = err ? `: [${err.fields.join(', ')}]` : '';
    it.throwApex(
      'DmlException',
      `${OP_NAMES[op]} failed. First exception on row ${failed}; first error: ${err?.statusCode ?? 'UNKNOWN_EXCEPTION'}, ${err?.message ?? ''}${fields}`
    );
  }
  if (op === 'insert' || op === 'upsert') results.forEach((r, i) => r.id && rows[i].put('Id', r.id));
}
