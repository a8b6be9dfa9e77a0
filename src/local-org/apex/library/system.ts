/** System, Assert, Limits and UserInfo. */
import type { Interpreter } from '../interpreter.js';
import { LIMITS } from '../interpreter.js';
import { apexEquals, toApexString } from '../operators.js';
import { instanceOf } from '../types.js';
import { ApexDatetime, ApexEnumValue, ApexTypeValue, type Value } from '../values.js';
import { todayIn } from './dates.js';
import { argString, defineStatic, type StaticFn } from './registry.js';

function debug(it: Interpreter, args: Value[], line: number): Value {
  let level = 'DEBUG';
  let msg = args[0];
  if (args.length === 2) {
    if (args[0] instanceof ApexEnumValue) level = args[0].name;
    msg = args[1];
  }
  it.debug(level, toApexString(it, msg), line);
  return null;
}

/** Message texts: "Assertion Failed: <msg>: Expected: x, Actual: y" (System.assertEquals). */
function fail(it: Interpreter, message: string): never {
  it.throwApex('AssertException', message);
}
function withMsg(base: string, msg: Value, it: Interpreter): string {
  return msg === null || msg === undefined ? base : `${base}: ${toApexString(it, msg)}`;
}

const assertEquals: StaticFn = (it, [expected, actual, msg]) => {
  if (!apexEquals(it, expected, actual)) {
    fail(
      it,
      `${withMsg('Assertion Failed', msg ?? null, it)}: Expected: ${toApexString(it, expected)}, Actual: ${toApexString(it, actual)}`
    );
  }
  return null;
};
const assertNotEquals: StaticFn = (it, [notExpected, actual, msg]) => {
  if (apexEquals(it, notExpected, actual)) {
    fail(it, `${withMsg('Assertion Failed', msg ?? null, it)}: Same value: ${toApexString(it, actual)}`);
  }
  return null;
};
const assertTrue: StaticFn = (it, [cond, msg]) => {
  if (cond !== true) fail(it, withMsg('Assertion Failed', msg ?? null, it));
  return null;
};

defineStatic('System', {
  debug: [[1, 2], (it, args, ctx) => debug(it, args, ctx.start.line)],
  assert: [[1, 2], assertTrue],
  assertEquals: [[2, 3], assertEquals],
  assertNotEquals: [[2, 3], assertNotEquals],
  currentTimeMillis: [0, (it) => BigInt(it.clock.now())],
  isBatch: [0, () => false],
  isFuture: [0, () => false],
  isQueueable: [0, () => false],
  isScheduled: [0, () => false],
  now: [0, (it) => new ApexDatetime(it.clock.now())],
  today: [0, (it) => todayIn(it, it.data.currentUser().timeZone)]
});

defineStatic('Assert', {
  areEqual: [[2, 3], assertEquals],
  areNotEqual: [[2, 3], assertNotEquals],
  isTrue: [[1, 2], assertTrue],
  isFalse: [
    [1, 2],
    (it, [cond, msg]) => (cond !== false ? fail(it, withMsg('Assertion Failed', msg ?? null, it)) : null)
  ],
  isNull: [[1, 2], (it, [v, msg]) => (v !== null ? fail(it, withMsg('Assertion Failed', msg ?? null, it)) : null)],
  isNotNull: [[1, 2], (it, [v, msg]) => (v === null ? fail(it, withMsg('Assertion Failed', msg ?? null, it)) : null)],
  fail: [[0, 1], (it, [msg]) => fail(it, msg === undefined ? 'Assertion Failed' : toApexString(it, msg))],
  isInstanceOfType: [
    [2, 3],
    (it, [v, t, msg]) =>
      t instanceof ApexTypeValue && instanceOf(v, t.type, it.frame.cls, it)
        ? null
        : fail(it, withMsg('Assertion Failed', msg ?? null, it))
  ],
  isNotInstanceOfType: [
    [2, 3],
    (it, [v, t, msg]) =>
      t instanceof ApexTypeValue && !instanceOf(v, t.type, it.frame.cls, it)
        ? null
        : fail(it, withMsg('Assertion Failed', msg ?? null, it))
  ]
});

defineStatic('Limits', {
  getQueries: [0, (it) => it.usage.soql],
  getLimitQueries: [0, (it) => (it.isAsync ? LIMITS.soqlAsync : LIMITS.soqlSync)],
  getQueryRows: [0, (it) => it.usage.queryRows],
  getLimitQueryRows: [0, () => LIMITS.queryRows],
  getDmlStatements: [0, (it) => it.usage.dml],
  getLimitDmlStatements: [0, () => LIMITS.dmlStatements],
  getDmlRows: [0, (it) => it.usage.dmlRows],
  getLimitDmlRows: [0, () => LIMITS.dmlRows],
  getCallouts: [0, () => 0],
  getLimitCallouts: [0, () => 100],
  getCpuTime: [0, (it) => Math.round(it.cpuTimeMs())],
  getLimitCpuTime: [0, (it) => it.cpuLimitMs],
  getLimitHeapSize: [0, (it) => (it.isAsync ? 12000000 : 6000000)]
});

defineStatic('UserInfo', {
  getUserId: [0, (it) => it.data.currentUser().id],
  getUserName: [0, (it) => it.data.currentUser().username],
  getName: [0, (it) => it.data.currentUser().name],
  getOrganizationId: [0, (it) => it.data.currentUser().organizationId],
  getLocale: [0, (it) => it.data.currentUser().locale],
  getSessionId: [0, (it) => it.data.currentUser().sessionId],
  getProfileId: [0, (it) => it.data.currentUser().profileId],
  getDefaultCurrency: [0, (it) => it.data.currentUser().defaultCurrency],
  isMultiCurrencyOrganization: [0, (it) => it.data.currentUser().multiCurrencyOrganization],
  getFirstName: [0, (it) => it.data.currentUser().name.split(' ')[0] ?? null],
  getLastName: [0, (it) => argString(it, it.data.currentUser().name).split(' ').slice(1).join(' ')]
});
