/**
 * Runs the active triggers of one object for one event in the current transaction: the entry point
 * for everything that fires triggers (DML from Apex, API writes through the Apex worker, platform
 * events). Each trigger body runs like an anonymous block in a frame labelled `Trigger.<name>`, with
 * `Trigger.*` answering from the invocation (library/triggers.ts). A trigger that throws makes every
 * record of the invocation fail with the org's CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY wording
 * ("If a trigger ever throws an unhandled exception, all records are marked with an error",
 * https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/apex_triggers_exceptions.htm);
 * governor limit exceptions cannot be handled and end the transaction. Triggers that recursively fire
 * triggers stop at a depth of 16 ("Total stack depth for any Apex invocation that recursively fires
 * triggers due to insert, update, or delete statements", Execution Governors and Limits,
 * https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/apex_gov_limits.htm).
 */
import { runStaticInit } from '../calls.js';
import { ApexThrow } from '../errors.js';
import type { Interpreter } from '../interpreter.js';
import { exceptionTypeName } from '../library/objects.js';
import { lowerAnonymous } from '../lower/body.js';
import { toApexString } from '../operators.js';
import type { ApexSObject, Value } from '../values.js';
import type { TriggerDef, TriggerEvent, TriggerTiming } from './load.js';

/** Apex: "Total stack depth for any Apex invocation that recursively fires triggers …": 16. */
export const MAX_TRIGGER_DEPTH = 16;

/** Why an invocation failed: every record of it carries this error. */
export interface TriggerFailure {
  readonly statusCode: string;
  readonly message: string;
}

/** `BeforeInsert`, `AfterUndelete`, … as the org names trigger events in messages. */
export function eventLabel(timing: TriggerTiming, event: TriggerEvent): string {
  const cap = (s: string): string => s[0].toUpperCase() + s.slice(1);
  return `${cap(timing)}${cap(event)}`;
}

export interface FireRequest {
  readonly object: string;
  readonly timing: TriggerTiming;
  readonly event: TriggerEvent;
  /** Trigger.new (insert, update, undelete), null for delete. */
  readonly newRows: readonly ApexSObject[] | null;
  /** Trigger.old (update, delete), null for insert and undelete. */
  readonly oldRows: readonly ApexSObject[] | null;
}

/** The active triggers of the object for the event, or none. */
export function triggersFor(it: Interpreter, object: string, timing: TriggerTiming, event: TriggerEvent): TriggerDef[] {
  return it.triggers.activeFor(object, timing, event);
}

/**
 * Fires the object's active triggers for the event on these records. Returns null when they ran, or the
 * failure every record gets (an unhandled exception, the trigger depth limit). Limit exceptions propagate.
 */
export function fireTriggers(it: Interpreter, req: FireRequest): TriggerFailure | null {
  const defs = triggersFor(it, req.object, req.timing, req.event);
  if (!defs.length) return null;
  const rows = req.newRows ?? req.oldRows ?? [];
  const ids = rows.map((r) => r.get('Id')).filter((v): v is string => typeof v === 'string');
  const state = it.triggers;
  if (state.fired.length >= MAX_TRIGGER_DEPTH)
    return {
      statusCode: 'CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY',
      message: `${defs[0].name}: maximum trigger depth exceeded${[...state.fired, { ...req, ids }]
        .map(
          (f) =>
            `\n${f.object} trigger event ${eventLabel(f.timing, f.event)} for [${f.ids.map((id) => id.slice(0, 15)).join(', ')}]`
        )
        .join('')}`
    };
  state.fired.push({ object: req.object, timing: req.timing, event: req.event, ids });
  try {
    for (const def of defs) {
      const failure = runOne(it, def, req);
      if (failure) return failure;
    }
    return null;
  } finally {
    state.fired.pop();
  }
}

/**
 * Runs one trigger's body for the request in the current transaction; its exceptions propagate (platform
 * event subscribers, events/subscribers.ts, tell EventBus.RetryableException from other failures).
 */
export function invokeTrigger(it: Interpreter, def: TriggerDef, req: FireRequest): void {
  const state = it.triggers;
  let lowered = state.lowered.get(def);
  if (!lowered) {
    lowered = lowerAnonymous(it, def.body, def.statements);
    state.lowered.set(def, lowered);
  }
  const depth = it.frames.length;
  state.running.push({ def, timing: req.timing, event: req.event, newRows: req.newRows, oldRows: req.oldRows });
  try {
    const f = it.pushFrame({
      cls: def.body,
      self: null,
      label: `Trigger.${def.name}`,
      line: 1,
      column: 1,
      slots: new Array<Value>(lowered.nslots).fill(null)
    });
    runStaticInit(it, def.body);
    lowered.run(it, f);
  } finally {
    state.running.pop();
    it.frames.length = depth;
  }
}

function runOne(it: Interpreter, def: TriggerDef, req: FireRequest): TriggerFailure | null {
  try {
    invokeTrigger(it, def, req);
    return null;
  } catch (e) {
    if (!(e instanceof ApexThrow)) throw e;
    const ex = e.exception;
    const type = exceptionTypeName(ex);
    if (/(^|\.)LimitException$/.test(type)) throw e;
    const msg = ex.fields.get('$message') ?? null;
    return {
      statusCode: 'CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY',
      message: `${def.name}: execution of ${eventLabel(req.timing, req.event)}\n\ncaused by: ${type}: ${
        msg === null ? 'null' : toApexString(it, msg)
      }\n\n${triggerStack(String(ex.fields.get('$stack') ?? ''), def.name)}`
    };
  }
}

/** The exception's stack trace from where it was thrown down to the trigger's own frame. */
function triggerStack(stack: string, trigger: string): string {
  const lines = stack.split('\n');
  const at = lines.findIndex((l) => l.startsWith(`Trigger.${trigger}:`));
  return (at >= 0 ? lines.slice(0, at + 1) : lines).join('\n');
}
