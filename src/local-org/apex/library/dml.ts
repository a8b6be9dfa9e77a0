/**
 * DML: the statements (insert, update, upsert, delete, undelete — all-or-none) and the Database class
 * methods with allOrNone and per-row results. Objects that the platform does not allow in DML are rejected
 * ("sObjects That Don't Support DML Operations",
 * https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/apex_dml_non_dml_objects.htm).
 */
import { queriedLeaveOut } from '../queried-fields.js';
import type {
  ApexParserRuleContext as ParserRuleContext,
  DeleteStatementContext,
  InsertStatementContext,
  UndeleteStatementContext,
  UpdateStatementContext,
  UpsertStatementContext
} from '@apexdevtools/apex-parser';
import type { DataRecord, DmlOperation, DmlRowResult } from '../data-layer.js';
import { ApexThrow } from '../errors.js';
import { evaluate } from '../expressions.js';
import type { Interpreter } from '../interpreter.js';
import { ApexList, ApexNative, ApexSObject, typeRef, type Value } from '../values.js';
import { mixedDmlRefusal } from './mixed-dml.js';
import { toPlain } from './soql.js';
import { triggeredDml } from '../triggers/dml.js';

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

/** Setup and other objects on which Apex DML is not allowed. */
export const NON_DML_OBJECTS: readonly string[] = [
  'AccountTerritoryAssignmentRule',
  'AccountTerritoryAssignmentRuleItem',
  'ApexComponent',
  'ApexPage',
  'BusinessHours',
  'BusinessProcess',
  'CategoryNode',
  'CurrencyType',
  'DatedConversionRate',
  'NetworkMember',
  'ProcessInstance',
  'Profile',
  'RecordType',
  'SelfServiceUser',
  'StaticResource',
  'Territory2',
  'UserAccountTeamMember',
  'UserPreference',
  'UserTerritory',
  'WebLink'
];

export interface DmlOutcome {
  readonly rows: ApexSObject[];
  readonly results: DmlRowResult[];
}

export function performDml(
  it: Interpreter,
  op: DmlOperation,
  value: Value,
  allOrNone: boolean,
  externalIdField: string | undefined,
  ctx: ParserRuleContext
): DmlOutcome {
  if (value === null) it.npe();
  const rows: ApexSObject[] = value instanceof ApexList ? (value.items as ApexSObject[]) : [value as ApexSObject];
  if (rows.some((r) => !(r instanceof ApexSObject))) it.unsupported(`${op} of a value that is not an sObject`, ctx);
  for (const r of rows) {
    if (NON_DML_OBJECTS.some((n) => n.toLowerCase() === r.type.toLowerCase())) {
      it.throwApex('TypeException', `DML operation ${OP_NAMES[op]} not allowed on ${r.type}`);
    }
    // Platform events are published with EventBus.publish (events/publish.ts); what an org answers to DML
    // on one is not documented, so it fails loudly here.
    if (it.org.events?.behavior(r.type))
      it.unsupported(`DML ${OP_NAMES[op]} on the platform event ${r.type} (publish it with EventBus.publish)`, ctx);
  }
  if (!rows.length) return { rows, results: [] };
  const leaveOut = queriedLeaveOut(it, op);
  const records: DataRecord[] = rows.map((r) => {
    const rec: DataRecord = { attributes: { type: r.type } };
    const unwritable = leaveOut(r);
    for (const f of r.fields.values()) if (!unwritable?.has(f.name.toLowerCase())) rec[f.name] = toPlain(f.value);
    return rec;
  });
  it.countDml(records.length);
  const refusal = mixedDmlRefusal(it, op, rows);
  const results = refusal
    ? rows.map(() => ({ success: false, id: null, errors: [refusal] }))
    : dmlWithTriggers(it, op, rows, records, allOrNone, externalIdField, ctx);
  if (allOrNone) {
    const failed = results.findIndex((r) => !r.success);
    if (failed >= 0) {
      const err = results[failed].errors[0];
      const fields = err ? `: [${err.fields.join(', ')}]` : '';
      const e = it.newException(
        it.exceptionClass('DmlException'),
        `${OP_NAMES[op]} failed. First exception on row ${failed}; first error: ${err?.statusCode ?? 'UNKNOWN_EXCEPTION'}, ${err?.message ?? ''}${fields}`
      );
      // The failed rows, for getNumDml(), getDmlMessage(i), getDmlStatusCode(i), getDmlFieldNames(i), …
      e.fields.set(
        '$dml',
        new ApexList(
          typeRef('Object'),
          results.flatMap((r, index) => (r.success ? [] : [dmlRow(r, index, records[index])]))
        )
      );
      throw new ApexThrow(e);
    }
  }
  if (op === 'insert' || op === 'upsert') results.forEach((r, i) => r.success && r.id && rows[i].put('Id', r.id));
  return { rows, results };
}

/** The data layer's DML, through the trigger dispatcher when the object has active triggers (triggers/dml.ts). */
function dmlWithTriggers(
  it: Interpreter,
  op: DmlOperation,
  rows: readonly ApexSObject[],
  records: DataRecord[],
  allOrNone: boolean,
  externalIdField: string | undefined,
  ctx: ParserRuleContext
): DmlRowResult[] {
  const types = new Set(rows.map((r) => r.type.toLowerCase()));
  const triggered = rows.some((r) => it.triggers.hasActive(r.type));
  if (!triggered) return it.data.dml(op, records, { allOrNone, externalIdField });
  if (types.size > 1) it.unsupported(`${op} of a list of several sObject types when one of them has triggers`, ctx);
  return triggeredDml(it, op, rows, allOrNone, externalIdField);
}

export function execDml(it: Interpreter, s: DmlStatement): void {
  const op = s.getChild(0).getText().toLowerCase() as DmlOperation;
  if (s.accessLevel()) it.unsupported('DML with an access level (as user / as system)', s);
  const externalIdField = 'qualifiedName' in s && s.qualifiedName() ? s.qualifiedName().getText() : undefined;
  performDml(it, op, evaluate(it, s.expression()), true, externalIdField, s);
}

function dmlRow(r: DmlRowResult, index: number, rec: DataRecord): ApexNative {
  const e = r.errors[0];
  return new ApexNative(
    'DmlRow',
    {
      index: () => index,
      id: () => (typeof rec.Id === 'string' ? rec.Id : null),
      message: () => e?.message ?? null,
      statuscode: () => e?.statusCode ?? null,
      fields: () => new ApexList(typeRef('String'), [...(e?.fields ?? [])])
    },
    `row ${index}`
  );
}

/** A `Database.Error` of a failed row. */
export function errorObject(e: DmlRowResult['errors'][number]): ApexNative {
  return new ApexNative(
    'Database.Error',
    {
      getstatuscode: () => e.statusCode,
      getmessage: () => e.message,
      getfields: () => new ApexList(typeRef('String'), [...e.fields])
    },
    `Database.Error[getFields=(${e.fields.join(', ')});getMessage=${e.message};getStatusCode=${e.statusCode};]`
  );
}

const RESULT_TYPES: Record<DmlOperation, string> = {
  insert: 'Database.SaveResult',
  update: 'Database.SaveResult',
  upsert: 'Database.UpsertResult',
  delete: 'Database.DeleteResult',
  undelete: 'Database.UndeleteResult'
};

export function resultObject(op: DmlOperation, r: DmlRowResult): ApexNative {
  const errors = (): ApexList => new ApexList(typeRef('Database.Error'), r.errors.map(errorObject));
  const methods: Record<string, (args: Value[]) => Value> = {
    issuccess: () => r.success,
    getid: () => r.id,
    geterrors: errors
  };
  if (op === 'upsert') methods.iscreated = () => r.created === true;
  return new ApexNative(
    RESULT_TYPES[op],
    methods,
    `${RESULT_TYPES[op]}[getErrors=(${r.errors.map((e) => e.message).join(', ')});getId=${r.id};isSuccess=${r.success};]`
  );
}
