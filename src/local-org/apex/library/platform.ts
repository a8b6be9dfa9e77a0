/**
 * Id and TimeZone, plus platform methods the runtime knows by name but does not run yet (asynchronous
 * Apex, the test runner, callouts: issue 6). Those compile, and calling them raises
 * "not supported by the local runtime: <Class.method> at <file>:<line>".
 */
import { isValidTimeZone, zoned } from '../datetime.js';
import type { Interpreter } from '../interpreter.js';
import { ApexDatetime, ApexNative, type Value } from '../values.js';
import { argString, defineStatic, placeholder, sdef, staticEntry, type StaticFn } from './registry.js';

const ANY_ARITY = [0, 1, 2, 3, 4, 5, 6];

function notYet(cls: string, methods: string[]): Record<string, [number[], StaticFn]> {
  return Object.fromEntries(
    methods.map((m) => [
      m,
      [ANY_ARITY, placeholder((it: Interpreter, _a: Value[], ctx) => it.unsupported(`${cls}.${m}`, ctx))]
    ])
  );
}

/**
 * Registers placeholders only for methods no module has implemented yet: the modules that implement them
 * (async/, callouts/, testing/) may be evaluated before or after this one, depending on import order.
 */
function defineMissing(cls: string, methods: Record<string, [number | readonly number[], StaticFn]>): void {
  defineStatic(cls, Object.fromEntries(Object.entries(methods).filter(([m]) => !staticEntry(cls, m))));
}

defineMissing('Test', {
  isRunningTest: [0, () => false],
  ...notYet('Test', [
    'startTest',
    'stopTest',
    'setMock',
    'getStandardPricebookId',
    'setFixedSearchResults',
    'createStub',
    'loadData',
    'setCurrentPage',
    'setReadOnlyApplicationMode',
    'enqueueBatchJobs',
    'getFlexQueueOrder',
    'testInstall',
    'testUninstall',
    'calculatePermissionSetGroup',
    'getEventBus'
  ])
});
defineMissing('Database', notYet('Database', ['executeBatch', 'getQueryLocator', 'emptyRecycleBin', 'convertLead']));
defineMissing(
  'System',
  notYet('System', ['schedule', 'abortJob', 'enqueueJob', 'resetPassword', 'setPassword', 'purgeOldAsyncJobs'])
);
defineMissing('Url', notYet('Url', ['getSalesforceBaseUrl', 'getCurrentRequestUrl', 'getFileFieldURL']));
defineMissing('Messaging', notYet('Messaging', ['sendEmail', 'reserveSingleEmailCapacity']));
defineMissing(
  'FeatureManagement',
  notYet('FeatureManagement', [
    'checkPermission',
    'checkPackageBooleanValue',
    'checkPackageIntegerValue',
    'checkPackageDateValue'
  ])
);

/** Id.valueOf: a 15 or 18 character record id; anything else is a StringException "Invalid id: x". */
defineStatic('Id', {
  valueOf: sdef(1, (it, [v]) => {
    if (v === null) return null;
    const s = argString(it, v);
    if (!/^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/.test(s)) it.throwApex('StringException', `Invalid id: ${s}`);
    return s;
  })
});

export function timeZone(it: Interpreter, id: string): ApexNative | null {
  if (!isValidTimeZone(id)) return null;
  const display = new Intl.DateTimeFormat('en-US', { timeZone: id, timeZoneName: 'long' })
    .formatToParts(new Date(it.clock.now()))
    .find((p) => p.type === 'timeZoneName')?.value;
  return new ApexNative(
    'System.TimeZone',
    {
      getid: () => id,
      getdisplayname: () => display ?? id,
      getoffset: ([d]) => {
        if (!(d instanceof ApexDatetime)) return it.npe();
        return zoned(d.ms, id).offsetMinutes * 60000;
      },
      tostring: () => id
    },
    id
  );
}

defineStatic('TimeZone', {
  getTimeZone: [1, (it, [id]) => timeZone(it, argString(it, id))]
});
defineStatic('UserInfo', {
  getTimeZone: [0, (it) => timeZone(it, it.data.currentUser().timeZone)]
});
