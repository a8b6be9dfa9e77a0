/**
 * The Limits methods the runtime does not meter elsewhere (system.ts, sosl.ts, callouts/, async/ register
 * the metered ones). "Limits Class": https://developer.salesforce.com/docs/atlas.en-us.apexref.meta/apexref/apex_methods_system_limits.htm ;
 * limits from "Execution Governors and Limits":
 * https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/apex_gov_limits.htm
 * - usage that is 0 by construction answers 0: nothing can send email or push notifications locally
 *   (Messaging fails loudly), so getEmailInvocations/getMobilePushApexCalls are honest;
 * - usage the runtime does not count (aggregate queries, QueryLocator rows, heap, immediate platform-event
 *   publishes, database time, and the deprecated describe/savepoint/statement counters) fails loudly, while
 *   the documented limit of a counted-elsewhere or documented resource is still answered.
 */
import type { Interpreter } from '../interpreter.js';
import type { Value } from '../values.js';
import { defineStatic, placeholder, staticEntry, type StaticFn } from './registry.js';

function notMetered(name: string): [number, StaticFn] {
  return [
    0,
    placeholder((it: Interpreter, _a: Value[], ctx) =>
      it.unsupported(`Limits.${name} (the local runtime does not meter it)`, ctx)
    )
  ];
}

const methods: Record<string, [number, StaticFn]> = {
  getEmailInvocations: [0, () => 0],
  getLimitEmailInvocations: [0, () => 10],
  getMobilePushApexCalls: [0, () => 0],
  getLimitMobilePushApexCalls: [0, () => 10],
  getLimitAggregateQueries: [0, () => 300],
  getLimitQueryLocatorRows: [0, () => 10_000_000],
  getLimitPublishImmediateDML: [0, () => 150],
  getAggregateQueries: notMetered('getAggregateQueries'),
  getQueryLocatorRows: notMetered('getQueryLocatorRows'),
  getHeapSize: notMetered('getHeapSize'),
  getPublishImmediateDML: notMetered('getPublishImmediateDML'),
  getDatabaseTime: notMetered('getDatabaseTime'),
  getLimitDatabaseTime: notMetered('getLimitDatabaseTime'),
  getAsyncCalls: notMetered('getAsyncCalls'),
  getLimitAsyncCalls: notMetered('getLimitAsyncCalls'),
  getApexCursors: notMetered('getApexCursors'),
  getLimitApexCursors: notMetered('getLimitApexCursors'),
  getApexCursorRows: notMetered('getApexCursorRows'),
  getLimitApexCursorRows: notMetered('getLimitApexCursorRows'),
  getFetchCallsOnApexCursor: notMetered('getFetchCallsOnApexCursor'),
  getLimitFetchCallsOnApexCursor: notMetered('getLimitFetchCallsOnApexCursor')
};
for (const name of [
  'ChildRelationshipsDescribes',
  'FieldsDescribes',
  'FieldSetsDescribes',
  'PicklistDescribes',
  'RecordTypesDescribes',
  'FindSimilarCalls',
  'RunAs',
  'SavepointRollbacks',
  'Savepoints',
  'ScriptStatements'
]) {
  methods[`get${name}`] = notMetered(`get${name}`);
  methods[`getLimit${name}`] = notMetered(`getLimit${name}`);
}

// Modules that meter a resource may load before or after this one: never replace their entries.
defineStatic('Limits', Object.fromEntries(Object.entries(methods).filter(([m]) => !staticEntry('Limits', m))));
