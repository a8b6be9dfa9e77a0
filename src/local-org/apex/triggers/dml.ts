/**
 * DML on an object with active triggers, in the documented order of execution for the parts the local
 * org has ("Triggers and Order of Execution",
 * https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/apex_triggers_order_of_execution.htm):
 * the original records are loaded and the new values laid over them, before triggers run, then the
 * system validation (required fields, restricted picklists, references) and the save, then after
 * triggers. Records are processed 200 at a time, a trigger invocation per chunk. Trigger.new can be
 * changed in before triggers only (their changes are saved); after triggers see the saved records,
 * read-only, as is Trigger.old. Records marked with addError fail with FIELD_CUSTOM_VALIDATION_EXCEPTION.
 *
 * allOrNone: any failure rolls the whole operation back. Partial success (Database.insert(rows, false),
 * API writes without allOrNone) follows "Bulk DML Exception Handling"
 * (https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/apex_dml_bulk_exceptions.htm):
 * the failed records are set aside, the attempt is rolled back and the rest saved again (triggers fire
 * again on them, governor limits reset to the state before the first attempt), at most three attempts.
 */
import { queriedLeaveOut } from '../queried-fields.js';
import type { DataRecord, DmlOperation, DmlRowResult } from '../data-layer.js';
import type { Interpreter } from '../interpreter.js';
import { fieldTypesOf, fromRecord, toPlain } from '../library/soql.js';
import { ApexSObject } from '../values.js';
import { fireTriggers, type TriggerFailure } from './fire.js';
import type { TriggerEvent } from './load.js';

/** Records per trigger invocation ("triggers execute on batches of 200 records at a time"). */
export const TRIGGER_CHUNK = 200;
const MAX_ATTEMPTS = 3;

type RowError = DmlRowResult['errors'][number];

/** Runs DML on records of one object with triggers; one result per row, in order (see the file comment). */
export function triggeredDml(
  it: Interpreter,
  op: DmlOperation,
  rows: readonly ApexSObject[],
  allOrNone: boolean,
  externalIdField?: string
): DmlRowResult[] {
  const results: (DmlRowResult | null)[] = rows.map(() => null);
  const savepoint = it.data.setSavepoint();
  const usage = { ...it.usage };
  let pending = rows.map((_, i) => i);
  for (let attempt = 1; ; attempt++) {
    const got = attemptDml(
      it,
      op,
      pending.map((i) => rows[i]),
      externalIdField
    );
    const failed = got.map((r, k) => (r.success ? -1 : k)).filter((k) => k >= 0);
    if (!failed.length) {
      got.forEach((r, k) => (results[pending[k]] = r));
      return results as DmlRowResult[];
    }
    it.data.rollbackToSavepoint(savepoint);
    if (allOrNone) {
      got.forEach((r, k) => (results[pending[k]] = r));
      return results as DmlRowResult[];
    }
    for (const k of failed) results[pending[k]] = got[k];
    pending = pending.filter((_, k) => got[k].success);
    if (!pending.length) return results as DmlRowResult[];
    if (attempt === MAX_ATTEMPTS)
      it.throwApex('DmlException', 'Too many batch retries in the presence of Apex triggers and partial failures.');
    Object.assign(it.usage, usage);
  }
}

/** One attempt over the rows: upsert splits into the rows it inserts and the rows it updates. */
function attemptDml(
  it: Interpreter,
  op: DmlOperation,
  rows: readonly ApexSObject[],
  externalIdField?: string
): DmlRowResult[] {
  if (op !== 'upsert') return runEvent(it, op, rows);
  const targets = upsertTargets(it, rows, externalIdField);
  const existing = targets.map((t) => (typeof t === 'string' ? t : null));
  const out: DmlRowResult[] = new Array<DmlRowResult>(rows.length);
  const inserts = rows.map((_, i) => i).filter((i) => targets[i] === null);
  const updates = rows.map((_, i) => i).filter((i) => existing[i]);
  rows.forEach((r, i) => {
    const t = targets[i];
    if (t !== null && typeof t !== 'string') out[i] = failure('upsert', r, t);
  });
  const asUpdate = updates.map((i) => {
    const c = copy(rows[i]);
    c.put('Id', existing[i]);
    return c;
  });
  runEvent(it, 'update', asUpdate).forEach((r, k) => (out[updates[k]] = { ...r, created: false }));
  runEvent(
    it,
    'insert',
    inserts.map((i) => rows[i])
  ).forEach((r, k) => (out[inserts[k]] = { ...r, created: r.success }));
  return out;
}

/**
 * For upsert: the id of the record each row updates (by Id or the external id field), null to insert it,
 * or the row's error (a field that is no external id, several records with the value), worded as the
 * data layer words them for upserts without triggers.
 */
function upsertTargets(it: Interpreter, rows: readonly ApexSObject[], field?: string): (string | null | RowError)[] {
  const type = rows[0]?.type ?? '';
  const f =
    field && field.toLowerCase() !== 'id'
      ? it.data.describe(type)?.fields.find((d) => d.name.toLowerCase() === field.toLowerCase())
      : undefined;
  return rows.map((r) => {
    const id = r.get('Id');
    if (typeof id === 'string' && id) return id;
    if (!field || field.toLowerCase() === 'id') return null;
    if (!f || !(f.externalId || f.unique))
      return {
        statusCode: 'INVALID_FIELD',
        message: `Invalid field for upsert, must be an External Id custom or standard indexed field: ${field}`,
        fields: [field]
      };
    const value = toPlain(r.get(f.name));
    if (value === null) return null;
    const found = it.data.query(`SELECT Id FROM ${type} WHERE ${f.name} = :v`, { v: value });
    if (found.length > 1)
      return {
        statusCode: 'DUPLICATE_EXTERNAL_ID',
        message: `${f.label}: more than one record found for external id field: ${String(value)}`,
        fields: [f.name]
      };
    return found.length === 1 ? String(found[0].Id) : null;
  });
}

/** A writable copy of a record's fields (Trigger.new of before insert). */
function copy(r: ApexSObject): ApexSObject {
  const c = new ApexSObject(r.type);
  for (const f of r.fields.values()) c.put(f.name, f.value);
  return c;
}

/** The stored records by id (deleted ones too for undelete), all fields, typed as SOQL types them. */
function loadRecords(
  it: Interpreter,
  type: string,
  ids: readonly string[],
  deleted: boolean
): Map<string, ApexSObject> {
  const out = new Map<string, ApexSObject>();
  if (!ids.length) return out;
  const d = it.data.describe(type);
  const fields = (d?.fields ?? [])
    .filter((f) => !['address', 'location'].includes(f.type.toLowerCase()))
    .map((f) => f.name);
  if (!fields.some((f) => f.toLowerCase() === 'id')) fields.unshift('Id');
  const recs = it.data.query(`SELECT ${fields.join(', ')} FROM ${type} WHERE Id IN :ids${deleted ? ' ALL ROWS' : ''}`, {
    ids: [...ids]
  });
  for (const rec of recs) {
    const so = fromRecord(rec, type, fieldTypesOf(it));
    out.set(String(so.get('Id')).slice(0, 15), so);
  }
  return out;
}

const key = (id: unknown): string => (typeof id === 'string' ? id.slice(0, 15) : '');

function failure(op: DmlOperation, row: ApexSObject, error: RowError): DmlRowResult {
  const id = row.get('Id');
  return { success: false, id: op === 'insert' ? null : typeof id === 'string' ? id : null, errors: [error] };
}

function recordErrors(r: ApexSObject): RowError | null {
  const e = r.errors?.[0];
  return e ? { statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', message: e.message, fields: e.fields } : null;
}

/** One event (insert, update, delete, undelete) over the rows, 200 at a time. */
function runEvent(it: Interpreter, event: TriggerEvent, rows: readonly ApexSObject[]): DmlRowResult[] {
  const out: DmlRowResult[] = [];
  for (let at = 0; at < rows.length; at += TRIGGER_CHUNK)
    out.push(...runChunk(it, event, rows.slice(at, at + TRIGGER_CHUNK)));
  return out;
}

function runChunk(it: Interpreter, event: TriggerEvent, rows: readonly ApexSObject[]): DmlRowResult[] {
  const type = rows[0]?.type;
  if (!type) return [];
  const results: (DmlRowResult | null)[] = rows.map(() => null);
  // 1. The original records (update, delete, undelete); a row whose record is missing is left to the
  //    data layer, which answers the platform's error for it without any trigger firing.
  const stored =
    event === 'insert'
      ? new Map<string, ApexSObject>()
      : loadRecords(
          it,
          type,
          rows.map((r) => r.get('Id')).filter((id): id is string => typeof id === 'string' && id !== ''),
          event === 'undelete'
        );
  const olds: (ApexSObject | null)[] = rows.map((r) => {
    if (event === 'insert') return null;
    const old = stored.get(key(r.get('Id')));
    if (!old) return null;
    const deleted = old.get('IsDeleted') === true;
    return (event === 'undelete') === deleted ? old : null;
  });
  const leaveOut = queriedLeaveOut(it, event);
  const direct = rows.map((_, i) => i).filter((i) => event !== 'insert' && !olds[i]);
  if (direct.length) {
    const res = it.data.dml(
      event,
      direct.map((i) => plainRecord(rows[i], null, event, rows[i], leaveOut(rows[i]))),
      { allOrNone: false }
    );
    direct.forEach((i, k) => (results[i] = res[k]));
  }
  const part = rows.map((_, i) => i).filter((i) => results[i] === null);
  // 2. Trigger.new (the new values over the original) and Trigger.old (read-only).
  const newRows = part.map((i) => (event === 'insert' ? withDefaults(it, copy(rows[i])) : merged(olds[i]!, rows[i])));
  const oldRows = part.map((i) => olds[i]).filter((o): o is ApexSObject => o !== null);
  for (const o of oldRows) o.readOnly = true;
  const withNew = event === 'insert' || event === 'update';
  // 3. Before triggers (no before undelete), then their addError marks.
  if (event !== 'undelete') {
    const failed = fireTriggers(it, {
      object: type,
      timing: 'before',
      event,
      newRows: withNew ? newRows : null,
      oldRows: event === 'insert' ? null : oldRows
    });
    if (failed) return fillFailure(results, rows, part, event, failed);
  }
  part.forEach((i, k) => {
    const marked = recordErrors(event === 'delete' ? oldRows[k] : newRows[k]);
    if (marked) results[i] = failure(event, rows[i], marked);
  });
  // 4. System validation and the save (the data layer), row by row.
  const toSave = part.map((i, k) => ({ i, k })).filter(({ i }) => results[i] === null);
  const saved = toSave.length
    ? it.data.dml(
        event,
        toSave.map(({ i, k }) =>
          plainRecord(newRows[k] ?? rows[i], event === 'update' ? olds[i] : null, event, rows[i], leaveOut(rows[i]))
        ),
        { allOrNone: false }
      )
    : [];
  toSave.forEach(({ i }, n) => (results[i] = saved[n]));
  // 5. After triggers on the saved records (read-only).
  const ok = toSave.filter(({ i }) => results[i]!.success);
  if (!ok.length) return results as DmlRowResult[];
  const afterNew =
    event === 'delete'
      ? null
      : (() => {
          const now = loadRecords(
            it,
            type,
            ok.map(({ i }) => String(results[i]!.id)),
            false
          );
          return ok.map(({ i }) => {
            const r = now.get(key(results[i]!.id))!;
            r.readOnly = true;
            return r;
          });
        })();
  const afterOld = event === 'insert' || event === 'undelete' ? null : ok.map(({ k }) => oldRows[k]);
  const failed = fireTriggers(it, { object: type, timing: 'after', event, newRows: afterNew, oldRows: afterOld });
  if (failed)
    return fillFailure(
      results,
      rows,
      ok.map(({ i }) => i),
      event,
      failed
    );
  ok.forEach(({ i, k }, n) => {
    const marked = recordErrors(afterNew ? afterNew[n] : oldRows[k]);
    if (marked) results[i] = failure(event, rows[i], marked);
  });
  return results as DmlRowResult[];
}

function fillFailure(
  results: (DmlRowResult | null)[],
  rows: readonly ApexSObject[],
  indexes: readonly number[],
  event: TriggerEvent,
  f: TriggerFailure
): DmlRowResult[] {
  for (const i of indexes)
    results[i] = failure(event, rows[i], { statusCode: f.statusCode, message: f.message, fields: [] });
  return results.map(
    (r, i) => r ?? failure(event, rows[i], { statusCode: f.statusCode, message: f.message, fields: [] })
  );
}

/**
 * A new record with the default values of the fields it does not set: the platform applies them before
 * the before-insert triggers run (they see them; the caller's sObject does not).
 */
function withDefaults(it: Interpreter, r: ApexSObject): ApexSObject {
  const defaults: DataRecord = { attributes: { type: r.type } };
  for (const f of it.data.describe(r.type)?.fields ?? [])
    if (f.defaultValue !== undefined && f.defaultValue !== null && f.createable && !r.fields.has(f.name.toLowerCase()))
      defaults[f.name] = f.defaultValue;
  for (const f of fromRecord(defaults, r.type, fieldTypesOf(it)).fields.values()) r.put(f.name, f.value);
  return r;
}

/** The original record with the row's values laid over it (Trigger.new of update). */
function merged(old: ApexSObject, row: ApexSObject): ApexSObject {
  const c = copy(old);
  c.readOnly = false;
  c.errors = null;
  for (const f of row.fields.values()) c.put(f.name, f.value);
  return c;
}

/**
 * What the data layer writes: every field of a new record; for an update the fields the caller set and
 * those a before trigger changed; the Id alone for delete and undelete.
 */
function plainRecord(
  record: ApexSObject,
  old: ApexSObject | null,
  event: TriggerEvent,
  caller: ApexSObject = record,
  /** Fields a queried record brought that the operation cannot write (queried-fields.ts): left out. */
  leaveOut: ReadonlySet<string> | null = null
): DataRecord {
  const rec: DataRecord = { attributes: { type: record.type } };
  if (event === 'delete' || event === 'undelete') {
    rec.Id = toPlain(record.get('Id'));
    return rec;
  }
  for (const f of record.fields.values()) {
    const lower = f.name.toLowerCase();
    if (leaveOut?.has(lower)) continue;
    if (event === 'update' && old && lower !== 'id' && !caller.fields.has(lower)) {
      if (JSON.stringify(toPlain(old.get(f.name))) === JSON.stringify(toPlain(f.value))) continue;
    }
    rec[f.name] = toPlain(f.value);
  }
  return rec;
}
