/**
 * The trigger context (System.Trigger: new, old, newMap, oldMap, the is… flags, size, operationType) and
 * record errors (SObject.addError, field-level addError, hasErrors, getErrors). Apex Developer Guide,
 * "Trigger Context Variables"
 * (https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/apex_triggers_context_variables.htm)
 * and "Trigger Exceptions"
 * (https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/apex_triggers_exceptions.htm).
 * Outside a trigger the lists and maps are null and the flags false.
 */
import type { ApexParserRuleContext as ParserRuleContext } from '@apexdevtools/apex-parser';
import type { Interpreter } from '../interpreter.js';
import { builtinEnumValue } from '../members.js';
import { toApexString } from '../operators.js';
import { ApexList, ApexMap, ApexNative, ApexObject, ApexSObject, typeRef, valueKey, type Value } from '../values.js';
import { defineInstance, defineStaticFields } from './registry.js';

function rows(it: Interpreter, which: 'new' | 'old'): ApexList | null {
  const inv = it.triggers.current;
  const list = inv ? (which === 'new' ? inv.newRows : inv.oldRows) : null;
  return list && inv ? new ApexList(typeRef(inv.def.object), [...list]) : null;
}

function byId(it: Interpreter, which: 'new' | 'old'): ApexMap | null {
  const inv = it.triggers.current;
  if (!inv) return null;
  // newMap: before update, after insert, after update and after undelete (the rows have ids there).
  if (which === 'new' && (inv.event === 'delete' || (inv.timing === 'before' && inv.event === 'insert'))) return null;
  const list = which === 'new' ? inv.newRows : inv.oldRows;
  if (!list) return null;
  const m = new ApexMap(typeRef('Id'), typeRef(inv.def.object));
  for (const r of list) {
    const id = r.get('Id');
    m.entries.set(valueKey(id), [id, r]);
  }
  return m;
}

const flag =
  (test: (inv: NonNullable<Interpreter['triggers']['current']>) => boolean) =>
  (it: Interpreter): Value => {
    const inv = it.triggers.current;
    return inv ? test(inv) : false;
  };

defineStaticFields('Trigger', {
  new: (it) => rows(it, 'new'),
  old: (it) => rows(it, 'old'),
  newMap: (it) => byId(it, 'new'),
  oldMap: (it) => byId(it, 'old'),
  isExecuting: (it) => it.triggers.running.length > 0,
  isBefore: flag((i) => i.timing === 'before'),
  isAfter: flag((i) => i.timing === 'after'),
  isInsert: flag((i) => i.event === 'insert'),
  isUpdate: flag((i) => i.event === 'update'),
  isDelete: flag((i) => i.event === 'delete'),
  isUndelete: flag((i) => i.event === 'undelete'),
  size: (it) => {
    const inv = it.triggers.current;
    return inv ? (inv.newRows ?? inv.oldRows ?? []).length : null;
  },
  operationType: (it) => {
    const inv = it.triggers.current;
    return inv ? builtinEnumValue('System.TriggerOperation', `${inv.timing}_${inv.event}`.toUpperCase()) : null;
  }
});

/** The message of addError's first argument: a String, or an Exception's message. */
export function addErrorMessage(it: Interpreter, v: Value): string {
  if (v instanceof ApexObject) {
    const m = v.fields.get('$message') ?? null;
    return m === null ? 'null' : toApexString(it, m);
  }
  return v === null ? 'null' : toApexString(it, v);
}

/** Records an error on a record (field-level when `field` is given): the record's DML then fails. */
export function addRecordError(s: ApexSObject, message: string, field: string | null): void {
  (s.errors ??= []).push({ message, fields: field ? [field] : [] });
}

function fieldName(v: Value): string {
  if (v instanceof ApexNative && v.typeName === 'Schema.SObjectField') return v.display;
  return String(v);
}

defineInstance('SObject', {
  addError: [
    [1, 2, 3],
    (it, s: ApexSObject, args: Value[], _ctx: ParserRuleContext) => {
      // addError(msg), addError(msg, escape), addError(exception[, escape]), addError(field, msg[, escape]).
      const fieldForm = args.length >= 2 && typeof args[1] !== 'boolean';
      if (fieldForm) addRecordError(s, addErrorMessage(it, args[1]), fieldName(args[0]));
      else addRecordError(s, addErrorMessage(it, args[0]), null);
      return null;
    }
  ],
  hasErrors: [0, (_it, s: ApexSObject) => (s.errors?.length ?? 0) > 0],
  getErrors: [
    0,
    (_it, s: ApexSObject) =>
      new ApexList(
        typeRef('Database.Error'),
        (s.errors ?? []).map(
          (e) =>
            new ApexNative(
              'Database.Error',
              {
                getstatuscode: () => 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
                getmessage: () => e.message,
                getfields: () => new ApexList(typeRef('String'), [...e.fields])
              },
              `Database.Error[getFields=(${e.fields.join(', ')});getMessage=${e.message};getStatusCode=FIELD_CUSTOM_VALIDATION_EXCEPTION;]`
            )
        )
      )
  ]
});
