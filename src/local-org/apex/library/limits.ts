/**
 * The Limits methods the runtime does not meter elsewhere (system.ts, sosl.ts, callouts/, async/ register
 * the metered ones). "Limits Class": https://developer.salesforce.com/docs/atlas.en-us.apexref.meta/apexref/apex_methods_system_limits.htm ;
 * limits from "Execution Governors and Limits":
 * https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/apex_gov_limits.htm
 * - usage that is 0 by construction answers 0: nothing can send email or push notifications locally
 *   (Messaging fails loudly), so getEmailInvocations/getMobilePushApexCalls are honest;
 * - usage the runtime does not count (aggregate queries, QueryLocator rows, heap, database time, Apex
 *   cursors, and the deprecated describe/savepoint/statement counters) fails loudly, while the documented
 *   limit of a resource is still answered. Immediate platform-event publishes are metered in events/.
 */
import type { Interpreter } from '../interpreter.js';
import type { Value } from '../values.js';
import { defineStatic, placeholder, staticEntry, type StaticFn } from './registry.js';

function notMetered(name: string): [number, StaticFn] {
  return [0, placeholder((it: Interpreter, _a: Value[], ctx) => it.unsupported(`Limits.${name}`, ctx))];
}

const methods: Record<string, [number, StaticFn]> = {
  getEmailInvocations: [0, () => 0],
  getLimitEmailInvocations: [0, () => 10],
  getMobilePushApexCalls: [0, () => 0],
  getLimitMobilePushApexCalls: [0, () => 10],
  getLimitAggregateQueries: [0, () => 300],
  getLimitQueryLocatorRows: [0, () => 10_000_000],
  getAggregateQueries: notMetered('getAggregateQueries'),
  getQueryLocatorRows: notMetered('getQueryLocatorRows'),
  getHeapSize: notMetered('getHeapSize'),
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
