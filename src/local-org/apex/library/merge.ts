/**
 * `merge master duplicate(s);` and `Database.merge(master, duplicate(s)[, allOrNone])`
 * ("Merging Records", https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/langCon_apex_dml_examples_merge.htm;
 * "Triggers and Merge Statements", apex_triggers_merge_statements.htm; Database.MergeResult,
 * apex_class_database_mergeresult.htm): up to two duplicates of the master's type (Account, Contact, Lead or
 * Case), given as records or Ids, are merged into the master — the records that look them up are reparented
 * to the master (no triggers fire for them), each duplicate's MasterRecordId is set and the duplicates are
 * deleted (their delete triggers fire, Trigger.old carrying MasterRecordId), then the master is updated with
 * the fields the code set on it (its update triggers fire). One DML statement. A failure rolls the merge back;
 * the statement raises `DmlException: Merge failed. …`, `Database.merge(…, false)` reports it in the result.
 * The wording of the refusals (too many duplicates, another type) is the local org's: none was found.
 */
import type { ApexParserRuleContext as ParserRuleContext } from '@apexdevtools/apex-parser';
import type { DmlRowResult } from '../data-layer.js';
import { ApexThrow } from '../errors.js';
import type { Interpreter } from '../interpreter.js';
import { ApexEnumValue, ApexList, ApexNative, ApexSObject, typeRef, type Value } from '../values.js';
import { errorObject, performDml } from './dml.js';
import { defineStatic } from './registry.js';

const MERGEABLE = new Set(['account', 'contact', 'lead', 'case']);

type MergeError = DmlRowResult['errors'][number];

interface MergeOutcome {
  readonly success: boolean;
  readonly id: string | null;
  readonly merged: string[];
  readonly related: string[];
  readonly errors: MergeError[];
}

class MergeRefused extends Error {
  constructor(readonly error: MergeError) {
    super(error.message);
  }
}

const refuse = (statusCode: string, message: string, fields: string[] = []): never => {
  throw new MergeRefused({ statusCode, message, fields });
};

/** The duplicates' Ids: a record, an Id, or a list of either. */
function duplicateIds(it: Interpreter, v: Value): string[] {
  if (v === null) return it.npe();
  const items = v instanceof ApexList ? v.items : [v];
  return items.map((x) => {
    if (x instanceof ApexSObject) {
      const id = x.get('Id');
      return typeof id === 'string' && id ? id : refuse('MISSING_ARGUMENT', 'Id not specified in a merge call', ['Id']);
    }
    if (typeof x === 'string') return x;
    return it.throwUnsupported('merge of a value that is neither a record nor an Id');
  });
}

function mergeInto(it: Interpreter, master: ApexSObject, ids: string[], ctx: ParserRuleContext): MergeOutcome {
  const masterId = master.get('Id');
  if (typeof masterId !== 'string' || !masterId)
    return refuse('MISSING_ARGUMENT', 'Id not specified in a merge call', ['Id']);
  if (ids.length < 1 || ids.length > 2)
    return refuse('INVALID_OPERATION', `A merge takes one or two duplicates of the master record, not ${ids.length}`);
  const prefix = masterId.slice(0, 3);
  for (const id of ids) {
    if (id.slice(0, 15) === masterId.slice(0, 15))
      return refuse('INVALID_OPERATION', 'A record cannot be merged into itself');
    if (id.slice(0, 3) !== prefix)
      return refuse('INVALID_CROSS_REFERENCE_KEY', `invalid cross reference id: ${id} is not a ${master.type}`);
  }
  const found = it.data.query(`SELECT Id FROM ${master.type} WHERE Id IN :ids OR Id = :masterId`, { ids, masterId });
  for (const id of [masterId, ...ids])
    if (!found.some((r) => String(r.Id).slice(0, 15) === id.slice(0, 15)))
      return refuse('ENTITY_IS_DELETED', 'entity is deleted');
  const { reparented } = it.data.mergeInto!(master.type, masterId, ids);
  const duplicates = new ApexList(
    typeRef(master.type),
    ids.map((id) => {
      const so = new ApexSObject(master.type);
      so.put('Id', id);
      return so;
    })
  );
  performDml(it, 'delete', duplicates, true, undefined, ctx);
  if ([...master.fields.keys()].some((k) => k !== 'id')) performDml(it, 'update', master, true, undefined, ctx);
  return { success: true, id: masterId, merged: ids, related: reparented, errors: [] };
}

/** Runs one merge; with allOrNone a failure raises the DmlException, else it is the outcome's error. */
function merge(it: Interpreter, master: Value, dups: Value, allOrNone: boolean, ctx: ParserRuleContext): MergeOutcome {
  if (master === null) return it.npe();
  if (!(master instanceof ApexSObject)) return it.throwUnsupported('merge of a master that is not a record');
  if (!MERGEABLE.has(master.type.toLowerCase()))
    return it.throwApex('TypeException', `DML operation Merge not allowed on ${master.type}`);
  if (!it.data.mergeInto) return it.unsupported('merge against this data layer', ctx);
  const statements = it.usage.dml;
  const savepoint = it.data.setSavepoint();
  const masterId = typeof master.get('Id') === 'string' ? (master.get('Id') as string) : null;
  try {
    const ids = duplicateIds(it, dups);
    it.countDml(1 + ids.length);
    const outcome = mergeInto(it, master, ids, ctx);
    it.usage.dml = statements + 1; // the deletes and the update inside are one merge statement
    return outcome;
  } catch (e) {
    it.data.rollbackToSavepoint(savepoint);
    it.usage.dml = statements + 1;
    const error = e instanceof MergeRefused ? e.error : dmlError(e);
    if (!error) throw e;
    if (allOrNone)
      return it.throwApex(
        'DmlException',
        `Merge failed. First exception on row 0${masterId ? ` with id ${masterId}` : ''}; first error: ${error.statusCode}, ${error.message}: [${error.fields.join(', ')}]`
      );
    return { success: false, id: masterId, merged: [], related: [], errors: [error] };
  }
}

/** The first error of a DmlException thrown by the deletes or the update inside the merge. */
function dmlError(e: unknown): MergeError | null {
  if (!(e instanceof ApexThrow) || e.exception.cls.name !== 'DmlException') return null;
  const rows = e.exception.fields.get('$dml');
  const row = rows instanceof ApexList ? rows.items[0] : undefined;
  if (!(row instanceof ApexNative)) return null;
  const fields = row.methods.fields!([]);
  return {
    statusCode: String(row.methods.statuscode!([])),
    message: String(row.methods.message!([])),
    fields: fields instanceof ApexList ? fields.items.map(String) : []
  };
}

function mergeResult(o: MergeOutcome): ApexNative {
  const strings = (xs: string[]): ApexList => new ApexList(typeRef('String'), xs);
  return new ApexNative(
    'Database.MergeResult',
    {
      issuccess: () => o.success,
      getid: () => o.id,
      getmergedrecordids: () => strings(o.merged),
      getupdatedrelatedids: () => strings(o.related),
      geterrors: () => new ApexList(typeRef('Database.Error'), o.errors.map(errorObject))
    },
    `Database.MergeResult[getId=${o.id};getMergedRecordIds=(${o.merged.join(', ')});isSuccess=${o.success};]`
  );
}

/** The `merge master duplicates;` statement. */
export function execMerge(it: Interpreter, master: Value, duplicates: Value, ctx: ParserRuleContext): void {
  merge(it, master, duplicates, true, ctx);
}

defineStatic('Database', {
  merge: [
    [2, 3, 4],
    (it, args, ctx) => {
      const rest = args.slice(2).filter((a) => !(a instanceof ApexEnumValue));
      const outcome = merge(it, args[0] ?? null, args[1] ?? null, rest[0] !== false, ctx);
      return args[1] instanceof ApexList
        ? new ApexList(typeRef('Database.MergeResult'), [mergeResult(outcome)])
        : mergeResult(outcome);
    }
  ]
});
