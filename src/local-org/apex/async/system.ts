/**
 * The System and UserInfo methods whose answer depends on the asynchronous context:
 * System.isBatch/isScheduled/isQueueable/isFuture are true inside such jobs, and UserInfo.getSessionId() returns
 * null there — jobs run without an API session, which is why sending it to the REST API fails with
 * INVALID_SESSION_ID (https://developer.salesforce.com/docs/atlas.en-us.apexref.meta/apexref/apex_methods_system_userinfo.htm).
 */
// The library first: these entries replace the "not supported" ones library/platform.ts registers.
import '../library/index.js';
import { defineStatic } from '../library/registry.js';
import { asyncContextOf } from './context.js';
import { FUTURE_CALLS_LIMIT, futureCallsOf } from './future.js';

defineStatic('System', {
  isBatch: [0, (it) => asyncContextOf(it)?.kind === 'batch'],
  isScheduled: [0, (it) => asyncContextOf(it)?.kind === 'scheduled'],
  isQueueable: [0, (it) => asyncContextOf(it)?.kind === 'queueable'],
  isFuture: [0, (it) => asyncContextOf(it)?.kind === 'future']
});

// "Maximum number of methods with the Future annotation allowed per Apex invocation: 50; 0 in batch and
// future contexts; 50 in queueable context" (Execution Governors and Limits).
defineStatic('Limits', {
  getFutureCalls: [0, (it) => futureCallsOf(it)],
  getLimitFutureCalls: [
    0,
    (it) => (['batch', 'future'].includes(asyncContextOf(it)?.kind ?? '') ? 0 : FUTURE_CALLS_LIMIT)
  ]
});

defineStatic('UserInfo', {
  getSessionId: [0, (it) => (asyncContextOf(it) ? null : it.data.currentUser().sessionId)]
});
