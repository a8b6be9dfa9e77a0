/**
 * Return types of the platform methods the checker types statically. A method missing here has an
 * unknown result type (never an error); the runtime's method tables (library/registry.ts) still decide
 * whether the method exists and how many arguments it takes.
 * Signatures from the Apex Reference Guide (String, List, Set, Map, Integer, Decimal, Date, Datetime
 * classes): https://developer.salesforce.com/docs/atlas.en-us.apexref.meta/apexref/apex_ref_guide.htm
 */
import {
  BOOLEAN,
  DECIMAL,
  DOUBLE,
  INTEGER,
  LONG,
  STRING,
  VOID,
  list,
  prim,
  set,
  type SType,
  type Typed
} from './static-types.js';

const DATE = prim('Date');
const DATETIME = prim('Datetime');

type Result = Typed | ((receiver: SType & { k: 'coll' }) => Typed);

const STRING_METHODS: Record<string, Typed> = {
  abbreviate: STRING,
  capitalize: STRING,
  center: STRING,
  charat: INTEGER,
  compareto: INTEGER,
  contains: BOOLEAN,
  containsignorecase: BOOLEAN,
  containsnone: BOOLEAN,
  containsonly: BOOLEAN,
  containswhitespace: BOOLEAN,
  countmatches: INTEGER,
  deletewhitespace: STRING,
  endswith: BOOLEAN,
  endswithignorecase: BOOLEAN,
  equals: BOOLEAN,
  equalsignorecase: BOOLEAN,
  escapesinglequotes: STRING,
  indexof: INTEGER,
  indexofignorecase: INTEGER,
  isalpha: BOOLEAN,
  isalphanumeric: BOOLEAN,
  isblank: BOOLEAN,
  isempty: BOOLEAN,
  isnotblank: BOOLEAN,
  isnotempty: BOOLEAN,
  isnumeric: BOOLEAN,
  lastindexof: INTEGER,
  left: STRING,
  leftpad: STRING,
  length: INTEGER,
  mid: STRING,
  normalizespace: STRING,
  remove: STRING,
  removeend: STRING,
  removestart: STRING,
  repeat: STRING,
  replace: STRING,
  replaceall: STRING,
  replacefirst: STRING,
  reverse: STRING,
  right: STRING,
  rightpad: STRING,
  split: list(STRING),
  startswith: BOOLEAN,
  startswithignorecase: BOOLEAN,
  strip: STRING,
  substring: STRING,
  substringafter: STRING,
  substringafterlast: STRING,
  substringbefore: STRING,
  substringbeforelast: STRING,
  substringbetween: STRING,
  swapcase: STRING,
  tolowercase: STRING,
  touppercase: STRING,
  trim: STRING,
  uncapitalize: STRING
};

const LIST_METHODS: Record<string, Result> = {
  add: VOID,
  addall: VOID,
  clear: VOID,
  contains: BOOLEAN,
  get: (r) => r.args[0] ?? null,
  indexof: INTEGER,
  isempty: BOOLEAN,
  iterator: (r) => ({ k: 'iface', name: 'Iterator', args: [r.args[0] ?? null] }),
  remove: (r) => r.args[0] ?? null,
  size: INTEGER,
  sort: VOID
};

const SET_METHODS: Record<string, Result> = {
  add: BOOLEAN,
  addall: BOOLEAN,
  clear: VOID,
  contains: BOOLEAN,
  containsall: BOOLEAN,
  isempty: BOOLEAN,
  remove: BOOLEAN,
  removeall: BOOLEAN,
  retainall: BOOLEAN,
  size: INTEGER
};

const MAP_METHODS: Record<string, Result> = {
  clear: VOID,
  containskey: BOOLEAN,
  get: (r) => r.args[1] ?? null,
  isempty: BOOLEAN,
  keyset: (r) => set(r.args[0] ?? null),
  put: (r) => r.args[1] ?? null,
  remove: (r) => r.args[1] ?? null,
  size: INTEGER,
  values: (r) => list(r.args[1] ?? null)
};

const NUMBER_METHODS: Record<string, Typed> = {
  format: STRING,
  intvalue: INTEGER,
  longvalue: LONG,
  doublevalue: DOUBLE,
  scale: INTEGER,
  precision: INTEGER,
  setscale: DECIMAL,
  divide: DECIMAL,
  abs: null,
  round: LONG,
  stripTrailingZeros: DECIMAL,
  toplainstring: STRING
};

const DATE_METHODS: Record<string, Typed> = {
  adddays: DATE,
  addmonths: DATE,
  addyears: DATE,
  day: INTEGER,
  dayofyear: INTEGER,
  daysbetween: INTEGER,
  format: STRING,
  issamedate: BOOLEAN,
  month: INTEGER,
  monthsbetween: INTEGER,
  tostartofmonth: DATE,
  tostartofweek: DATE,
  year: INTEGER
};

const DATETIME_METHODS: Record<string, Typed> = {
  adddays: DATETIME,
  addhours: DATETIME,
  addminutes: DATETIME,
  addmonths: DATETIME,
  addseconds: DATETIME,
  addyears: DATETIME,
  date: DATE,
  dategmt: DATE,
  day: INTEGER,
  format: STRING,
  formatgmt: STRING,
  gettime: LONG,
  hour: INTEGER,
  minute: INTEGER,
  month: INTEGER,
  second: INTEGER,
  year: INTEGER
};

/** The result type of `receiver.method(...)` for a platform receiver type, or null when not modelled. */
export function instanceResult(receiver: SType, method: string): Typed {
  const m = method.toLowerCase();
  if (receiver.k === 'coll') {
    const table = receiver.name === 'List' ? LIST_METHODS : receiver.name === 'Set' ? SET_METHODS : MAP_METHODS;
    const r = table[m];
    return typeof r === 'function' ? r(receiver) : (r ?? null);
  }
  if (receiver.k === 'iface') {
    // Apex Reference, "Iterator Interface" (hasNext, next) and "Iterable Interface" (iterator).
    if (receiver.name === 'Iterator') return m === 'next' ? receiver.args[0] : m === 'hasnext' ? BOOLEAN : null;
    return m === 'iterator' ? { k: 'iface', name: 'Iterator', args: receiver.args } : null;
  }
  if (receiver.k !== 'prim') return null;
  if (receiver.name === 'String' || receiver.name === 'Id') return STRING_METHODS[m] ?? null;
  if (['Integer', 'Long', 'Double', 'Decimal'].includes(receiver.name)) return NUMBER_METHODS[m] ?? null;
  if (receiver.name === 'Date') return DATE_METHODS[m] ?? null;
  if (receiver.name === 'Datetime') return DATETIME_METHODS[m] ?? null;
  return null;
}

const STATIC_RESULTS: Record<string, Record<string, Typed>> = {
  string: {
    valueof: STRING,
    join: STRING,
    format: STRING,
    isblank: BOOLEAN,
    isnotblank: BOOLEAN,
    isempty: BOOLEAN,
    isnotempty: BOOLEAN,
    escapesinglequotes: STRING
  },
  integer: { valueof: INTEGER },
  long: { valueof: LONG },
  decimal: { valueof: DECIMAL },
  double: { valueof: DOUBLE },
  boolean: { valueof: BOOLEAN },
  date: { today: DATE, newinstance: DATE, valueof: DATE, isleapyear: BOOLEAN, daysinmonth: INTEGER },
  datetime: { now: DATETIME, newinstance: DATETIME, newinstancegmt: DATETIME, valueof: DATETIME, valueofgmt: DATETIME },
  system: {
    today: DATE,
    now: DATETIME,
    currenttimemillis: LONG,
    isbatch: BOOLEAN,
    isfuture: BOOLEAN,
    isqueueable: BOOLEAN,
    isscheduled: BOOLEAN,
    debug: VOID
  },
  userinfo: {
    getuserid: prim('Id'),
    getusername: STRING,
    getname: STRING,
    getsessionid: STRING,
    getorganizationid: prim('Id')
  },
  limits: {}
};

/** The result type of `Type.method(...)` for a platform class, or null when not modelled. */
export function staticResult(type: string, method: string): Typed {
  const t = type.toLowerCase().replace(/^system\./, '');
  return STATIC_RESULTS[t]?.[method.toLowerCase()] ?? null;
}

/**
 * Parameter types of platform methods, one list per overload (`null` = any type). Additive: a method
 * missing here — or called with an argument count none of its listed overloads has — is checked by
 * name and arity only (library/registry.ts), so library members added later keep working untyped.
 * Signatures from the Apex Reference Guide (String, List, Set, Map, Date, Datetime classes).
 */
type Sig = readonly Typed[];
type Sigs = readonly Sig[];

const S = STRING;
const I = INTEGER;
const STRING_PARAMS: Record<string, Sigs> = {
  abbreviate: [[I], [I, I]],
  center: [[I], [I, S]],
  charat: [[I]],
  compareto: [[S]],
  contains: [[S]],
  containsignorecase: [[S]],
  countmatches: [[S]],
  endswith: [[S]],
  endswithignorecase: [[S]],
  equalsignorecase: [[S]],
  indexof: [[S], [S, I]],
  lastindexof: [[S], [S, I]],
  left: [[I]],
  leftpad: [[I], [I, S]],
  mid: [[I, I]],
  remove: [[S]],
  removeend: [[S]],
  removestart: [[S]],
  repeat: [[I], [S, I]],
  replace: [[S, S]],
  replaceall: [[S, S]],
  replacefirst: [[S, S]],
  right: [[I]],
  rightpad: [[I], [I, S]],
  split: [[S], [S, I]],
  startswith: [[S]],
  startswithignorecase: [[S]],
  substring: [[I], [I, I]],
  substringafter: [[S]],
  substringafterlast: [[S]],
  substringbefore: [[S]],
  substringbeforelast: [[S]],
  substringbetween: [[S], [S, S]]
};

type CollSigs = (r: SType & { k: 'coll' }) => Sigs;
const LIST_PARAMS: Record<string, CollSigs> = {
  add: (r) => [[r.args[0] ?? null], [I, r.args[0] ?? null]],
  get: () => [[I]],
  remove: () => [[I]],
  set: (r) => [[I, r.args[0] ?? null]]
};
const SET_PARAMS: Record<string, CollSigs> = { add: (r) => [[r.args[0] ?? null]] };
const MAP_PARAMS: Record<string, CollSigs> = { put: (r) => [[r.args[0] ?? null, r.args[1] ?? null]] };

/** The overloads' parameter types of `receiver.method(...)`, or null when not recorded. */
export function instanceParams(receiver: SType, method: string): Sigs | null {
  const m = method.toLowerCase();
  if (receiver.k === 'coll') {
    const table = receiver.name === 'List' ? LIST_PARAMS : receiver.name === 'Set' ? SET_PARAMS : MAP_PARAMS;
    return Object.hasOwn(table, m) ? table[m](receiver) : null;
  }
  if (receiver.k === 'prim' && (receiver.name === 'String' || receiver.name === 'Id'))
    return Object.hasOwn(STRING_PARAMS, m) ? STRING_PARAMS[m] : null;
  return null;
}

const DATETIME_NEW: Sigs = [[LONG], [DATE, prim('Time')], [I, I, I], [I, I, I, I, I, I]];
const STATIC_PARAMS: Record<string, Record<string, Sigs>> = {
  string: {
    isblank: [[S]],
    isnotblank: [[S]],
    isempty: [[S]],
    isnotempty: [[S]],
    escapesinglequotes: [[S]],
    join: [[null, S]]
  },
  date: { newinstance: [[I, I, I]], isleapyear: [[I]], daysinmonth: [[I, I]] },
  datetime: { newinstance: DATETIME_NEW, newinstancegmt: DATETIME_NEW }
};

/** The overloads' parameter types of `Type.method(...)` for a platform class, or null when not recorded. */
export function staticParams(type: string, method: string): Sigs | null {
  const t = type.toLowerCase().replace(/^system\./, '');
  const table = STATIC_PARAMS[t];
  const m = method.toLowerCase();
  return table && Object.hasOwn(table, m) ? table[m] : null;
}
