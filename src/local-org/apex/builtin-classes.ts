/** Built-in exception classes (System namespace), modelled as ClassInfo so user classes can extend them. */
import { newClassInfo, type ClassInfo } from './class-table.js';

/** The System exceptions the runtime knows. https://developer.salesforce.com/docs/atlas.en-us.apexref.meta/apexref/apex_classes_exception_methods.htm */
export const SYSTEM_EXCEPTIONS = [
  'AssertException',
  'AsyncException',
  'AuraHandledException',
  'CalloutException',
  'DmlException',
  'EmailException',
  'HandledException',
  'FinalException',
  'IllegalArgumentException',
  'InvalidParameterValueException',
  'JSONException',
  'LimitException',
  'ListException',
  'MathException',
  'NoAccessException',
  'NoDataFoundException',
  'NoSuchElementException',
  'NullPointerException',
  'QueryException',
  'RequiredFeatureMissingException',
  'SearchException',
  'SecurityException',
  'SerializationException',
  'SObjectException',
  'StringException',
  'TypeException',
  'UnexpectedException',
  'XmlException'
] as const;

/** Built-in interfaces user classes may implement (markers; their behaviour comes with issue 6). */
export const SYSTEM_INTERFACES = [
  'Comparable',
  'Comparator',
  'Iterable',
  'Iterator',
  'Schedulable',
  'Queueable',
  'Finalizer',
  'HttpCalloutMock',
  'StubProvider',
  'Database.Batchable',
  'Database.Stateful',
  'Database.AllowsCallouts',
  'Database.RaisesPlatformEvents'
] as const;

export interface BuiltinClasses {
  readonly exception: ClassInfo;
  /** lower-cased simple name (without "System.") → class. */
  readonly byName: Map<string, ClassInfo>;
}

let shared: BuiltinClasses | null = null;

/** The built-in classes, shared by every interpreter so classes linked at compile time match at run time. */
export function createBuiltinClasses(): BuiltinClasses {
  if (shared) return shared;
  const exception = newClassInfo({ name: 'Exception', kind: 'class', file: 'System', builtin: true, isVirtual: true });
  const byName = new Map<string, ClassInfo>([['exception', exception]]);
  for (const n of SYSTEM_EXCEPTIONS) {
    const c = newClassInfo({ name: `System.${n}`, kind: 'class', file: 'System', builtin: true, isVirtual: true });
    c.superClass = exception;
    byName.set(n.toLowerCase(), c);
  }
  // EventBus.RetryableException: a platform event trigger throws it to have its batch delivered again
  // (platform_events_subscribe_apex_refire.htm); EventBus.InvalidReplayIdException: setResumeCheckpoint
  // with a replay id not in Trigger.new (platform_events_subscribe_batch_resume.htm). Qualified names only.
  for (const n of ['RetryableException', 'InvalidReplayIdException']) {
    const c = newClassInfo({ name: `EventBus.${n}`, kind: 'class', file: 'System', builtin: true, isVirtual: true });
    c.superClass = exception;
    byName.set(`eventbus.${n.toLowerCase()}`, c);
  }
  for (const n of SYSTEM_INTERFACES) {
    byName.set(n.toLowerCase(), newClassInfo({ name: n, kind: 'interface', file: 'System', builtin: true }));
  }
  shared = { exception, byName };
  return shared;
}
