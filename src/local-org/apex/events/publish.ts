/**
 * EventBus.publish(event) / EventBus.publish(List<SObject>) and EventBus.getOperationId: platform events
 * go to the org's event bus (events/host.ts), which publishes them immediately or after the transaction
 * commits, by the event's publish behavior. Each result is a Database.SaveResult; a queued event's carries
 * OPERATION_ENQUEUED with the EventUuid as message ("Invoke the Publish Callback", "Match a Publish Result
 * with the Event Published"). An event that fails to publish is a failed SaveResult, never an exception;
 * an sObject that is not a platform event raises System.UnexpectedException (Apex Reference, EventBus).
 * Limits: a PublishAfterCommit call counts as one DML statement; a PublishImmediately call counts against
 * the separate 150 publish-immediate calls (Limits.getPublishImmediateDML).
 * https://developer.salesforce.com/docs/atlas.en-us.apexref.meta/apexref/apex_class_System_eventbus.htm
 */
import type { DataRecord } from '../data-layer.js';
import type { Interpreter } from '../interpreter.js';
import { resultObject } from '../library/dml.js';
import { defineStatic } from '../library/registry.js';
import { toPlain } from '../library/soql.js';
import { ApexList, ApexNative, ApexSObject, typeRef, type Value } from '../values.js';
import { eventBusOf, type PublishResult } from './host.js';
import './trigger-context.js';

/** EventBus.publish calls of PublishImmediately events allowed per transaction. */
export const PUBLISH_IMMEDIATE_LIMIT = 150;

/** The EventUuid behind each SaveResult EventBus.publish returned (EventBus.getOperationId). */
const operationIds = new WeakMap<ApexNative, string | null>();

function saveResult(r: PublishResult): ApexNative {
  const enqueued = r.success && r.uuid ? [{ statusCode: 'OPERATION_ENQUEUED', message: r.uuid, fields: [] }] : [];
  const sr = resultObject('insert', {
    success: r.success,
    id: r.id,
    errors: r.success ? enqueued : r.errors
  });
  operationIds.set(sr, r.success ? r.uuid : null);
  return sr;
}

function record(s: ApexSObject): DataRecord {
  const rec: DataRecord = { attributes: { type: s.type } };
  for (const f of s.fields.values()) rec[f.name] = toPlain(f.value);
  return rec;
}

function publish(it: Interpreter, args: Value[], ctx: Parameters<typeof eventBusOf>[2]): Value {
  if (args.length === 2) return it.unsupported('EventBus.publish with a callback (Apex publish callbacks)', ctx);
  const value = args[0];
  if (value === null) return it.npe();
  const rows = value instanceof ApexList ? value.items : [value];
  if (rows.some((r) => !(r instanceof ApexSObject)))
    return it.unsupported('EventBus.publish of a value that is not an sObject', ctx);
  const events = rows as ApexSObject[];
  const host = eventBusOf(it, 'EventBus.publish', ctx);
  const behaviors = events.map((e) => host.behavior(e.type));
  const notEvent = events.find((_e, i) => behaviors[i] === null);
  // The Apex Reference names the exception type only; the message is local wording (docs/platform-facts.md).
  if (notEvent) return it.throwApex('UnexpectedException', `${notEvent.type} is not a platform event`);
  const afterCommit = behaviors.filter((b) => b === 'PublishAfterCommit').length;
  if (afterCommit) it.countDml(afterCommit);
  if (behaviors.some((b) => b === 'PublishImmediately')) {
    it.transaction.publishImmediate += 1;
    if (it.transaction.publishImmediate > PUBLISH_IMMEDIATE_LIMIT)
      it.throwApex('LimitException', `Too many EventBus.publish calls: ${it.transaction.publishImmediate}`);
  }
  const results = events.length ? host.publish(events.map(record)) : [];
  const objects = results.map(saveResult);
  if (value instanceof ApexList) return new ApexList(typeRef('Database.SaveResult'), objects);
  return objects[0];
}

defineStatic('EventBus', {
  publish: [[1, 2], publish],
  getOperationId: [
    1,
    (it, [r]) => {
      if (r === null) return it.npe();
      return r instanceof ApexNative ? (operationIds.get(r) ?? null) : null;
    }
  ]
});

defineStatic('Limits', {
  getPublishImmediateDML: [0, (it) => it.transaction.publishImmediate],
  getLimitPublishImmediateDML: [0, () => PUBLISH_IMMEDIATE_LIMIT]
});
