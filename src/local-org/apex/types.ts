/** Type resolution, assignability, instanceof, casts and the numeric coercions Apex applies on assignment. */
import { isSubclassOf, type ClassInfo } from './class-table.js';
import { ApexDecimal } from './decimal.js';
import {
  ApexNative,
  ApexDate,
  ApexDatetime,
  ApexTime,
  ApexDouble,
  ApexEnumValue,
  ApexList,
  ApexMap,
  ApexObject,
  ApexSet,
  ApexSObject,
  ApexTypeValue,
  type TypeRef,
  type Value
} from './values.js';

/** Primitive and built-in type names the runtime knows, lower-cased → canonical spelling. */
export const PRIMITIVES: ReadonlyMap<string, string> = new Map(
  [
    'Integer',
    'Long',
    'Double',
    'Decimal',
    'String',
    'Id',
    'Boolean',
    'Object',
    'SObject',
    'Date',
    'Datetime',
    'Time',
    'Blob'
  ].map((n) => [n.toLowerCase(), n] as [string, string])
);
export const COLLECTIONS: ReadonlyMap<string, string> = new Map([
  ['list', 'List'],
  ['set', 'Set'],
  ['map', 'Map']
]);

/** Built-in enums: full name → constants. */
export const BUILTIN_ENUMS: ReadonlyMap<string, readonly string[]> = new Map([
  ['System.LoggingLevel', ['NONE', 'ERROR', 'WARN', 'INFO', 'DEBUG', 'FINE', 'FINER', 'FINEST']],
  ['System.RoundingMode', ['CEILING', 'DOWN', 'FLOOR', 'HALF_DOWN', 'HALF_EVEN', 'HALF_UP', 'UNNECESSARY', 'UP']],
  ['System.AccessLevel', ['USER_MODE', 'SYSTEM_MODE']],
  // Trigger.operationType (Apex Developer Guide, "Trigger Context Variables").
  [
    'System.TriggerOperation',
    [
      'BEFORE_INSERT',
      'BEFORE_UPDATE',
      'BEFORE_DELETE',
      'AFTER_INSERT',
      'AFTER_UPDATE',
      'AFTER_DELETE',
      'AFTER_UNDELETE'
    ]
  ],
  // Security.stripInaccessible(AccessType.READABLE, …) (Apex Reference, "AccessType Enum"); the call itself is not supported locally.
  ['System.AccessType', ['CREATABLE', 'READABLE', 'UPDATABLE', 'UPSERTABLE']],
  // getDescribe(SObjectDescribeOptions.DEFERRED): every local describe is complete, so the option changes nothing.
  ['Schema.SObjectDescribeOptions', ['DEFAULT', 'DEFERRED', 'FULL']],
  // DescribeFieldResult.getType() (https://developer.salesforce.com/docs/atlas.en-us.apexref.meta/apexref/apex_enum_Schema_DisplayType.htm).
  [
    'Schema.DisplayType',
    [
      'ADDRESS',
      'ANYTYPE',
      'BASE64',
      'BOOLEAN',
      'COMBOBOX',
      'CURRENCY',
      'DATACATEGORYGROUPREFERENCE',
      'DATE',
      'DATETIME',
      'DOUBLE',
      'EMAIL',
      'ENCRYPTEDSTRING',
      'ID',
      'INTEGER',
      'LONG',
      'MULTIPICKLIST',
      'PERCENT',
      'PHONE',
      'PICKLIST',
      'REFERENCE',
      'STRING',
      'TEXTAREA',
      'TIME',
      'URL'
    ]
  ],
  // XmlStreamReader.getEventType() and Dom.XmlNode.getNodeType() (library/xml/).
  [
    'System.XmlTag',
    [
      'ATTRIBUTE',
      'CDATA',
      'CHARACTERS',
      'COMMENT',
      'DTD',
      'END_DOCUMENT',
      'END_ELEMENT',
      'ENTITY_DECLARATION',
      'ENTITY_REFERENCE',
      'NAMESPACE',
      'NOTATION_DECLARATION',
      'PROCESSING_INSTRUCTION',
      'SPACE',
      'START_DOCUMENT',
      'START_ELEMENT'
    ]
  ],
  ['Dom.XmlNodeType', ['COMMENT', 'ELEMENT', 'TEXT']]
]);

/** Platform types implemented as ApexNative values. */
export const NATIVE_TYPES: readonly string[] = [
  'Database.SaveResult',
  'Database.UpsertResult',
  'Database.DeleteResult',
  'Database.UndeleteResult',
  'Database.Error',
  'Schema.SObjectType',
  'Schema.SObjectField',
  'Schema.DescribeSObjectResult',
  'Schema.DescribeFieldResult',
  'Schema.ChildRelationship',
  'Schema.PicklistEntry',
  'System.TimeZone',
  // Known platform types whose behaviour comes later (issue 6 and beyond): they compile, and using them
  // raises "not supported by the local runtime".
  'System.Http',
  'System.HttpRequest',
  'System.HttpResponse',
  'System.JSONGenerator',
  'System.JSONParser',
  'System.Savepoint',
  'System.SchedulableContext',
  'System.QueueableContext',
  'System.FinalizerContext',
  'Database.BatchableContext',
  'Database.QueryLocator',
  'Database.DMLOptions',
  'System.Blob',
  'System.Url',
  'System.Pattern',
  'System.Matcher',
  'System.Iterable',
  'System.Iterator',
  'System.XmlStreamReader',
  'Dom.Document',
  'Dom.XmlNode'
];

export type ResolvedType =
  | { kind: 'primitive'; name: string }
  | { kind: 'collection'; name: string }
  | { kind: 'class'; cls: ClassInfo }
  | { kind: 'enum'; name: string }
  | { kind: 'sobject'; name: string }
  | { kind: 'type' }
  | { kind: 'native'; name: string };

/** Strips a leading "System." namespace. */
export function stripSystem(name: string): string {
  return /^system\./i.test(name) ? name.slice(7) : name;
}

export function builtinEnumName(name: string): string | null {
  const n = stripSystem(name).toLowerCase();
  for (const full of BUILTIN_ENUMS.keys()) {
    // System.* and Schema.* enums resolve unqualified too; others (Dom.XmlNodeType) only by their full name.
    if (full.toLowerCase() === n || (/^(System|Schema)\./.test(full) && full.slice(7).toLowerCase() === n)) return full;
  }
  return null;
}

export interface TypeResolver {
  /** Resolves a (possibly dotted) user class name as seen from `from`. */
  findClass(name: string, from: ClassInfo | null): ClassInfo | null;
  /** True when the name is an sObject type known to the org. */
  isSObjectType(name: string): string | null;
}

export function resolveType(t: TypeRef, from: ClassInfo | null, r: TypeResolver): ResolvedType | null {
  const cls = r.findClass(t.name, from);
  if (cls) return { kind: 'class', cls };
  const plain = stripSystem(t.name).toLowerCase();
  const prim = PRIMITIVES.get(plain);
  if (prim) return { kind: 'primitive', name: prim };
  const coll = COLLECTIONS.get(plain);
  if (coll) return { kind: 'collection', name: coll };
  if (plain === 'type') return { kind: 'type' };
  const native = NATIVE_TYPES.find(
    (n) => n.toLowerCase() === plain || n.slice(n.indexOf('.') + 1).toLowerCase() === plain
  );
  if (native && (plain.includes('.') || !/^(Database|Dom)\./.test(native))) return { kind: 'native', name: native };
  const en = builtinEnumName(t.name);
  if (en) return { kind: 'enum', name: en };
  if (plain === 'aggregateresult') return { kind: 'sobject', name: 'AggregateResult' };
  const so = r.isSObjectType(t.name);
  if (so) return { kind: 'sobject', name: so };
  return null;
}

function isId(s: string): boolean {
  return /^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/.test(s);
}

/** `value instanceof T` at run time. Null is never an instance. */
export function instanceOf(v: Value, t: TypeRef, from: ClassInfo | null, r: TypeResolver): boolean {
  if (v === null) return false;
  const rt = resolveType(t, from, r);
  if (!rt) return false;
  switch (rt.kind) {
    case 'primitive':
      switch (rt.name) {
        case 'Object':
          return true;
        case 'Integer':
          return typeof v === 'number';
        case 'Long':
          return typeof v === 'bigint';
        case 'Double':
          return v instanceof ApexDouble;
        case 'Decimal':
          return v instanceof ApexDecimal;
        case 'String':
          return typeof v === 'string';
        case 'Id':
          return typeof v === 'string' && isId(v);
        case 'Boolean':
          return typeof v === 'boolean';
        case 'SObject':
          return v instanceof ApexSObject;
        case 'Date':
          return v instanceof ApexDate;
        case 'Datetime':
          return v instanceof ApexDatetime;
        case 'Time':
          return v instanceof ApexTime;
        default:
          return false;
      }
    case 'collection':
      if (rt.name === 'List') return v instanceof ApexList && argsCompatible([v.elemType], t.args, from, r);
      if (rt.name === 'Set') return v instanceof ApexSet && argsCompatible([v.elemType], t.args, from, r);
      return v instanceof ApexMap && argsCompatible([v.keyType, v.valueType], t.args, from, r);
    case 'class':
      return v instanceof ApexObject && isSubclassOf(v.cls, rt.cls)
        ? true
        : v instanceof ApexEnumValue && v.enumType === rt.cls.name;
    case 'enum':
      return v instanceof ApexEnumValue && v.enumType === rt.name;
    case 'sobject':
      return v instanceof ApexSObject && v.type.toLowerCase() === rt.name.toLowerCase();
    case 'type':
      return v instanceof ApexTypeValue;
    case 'native':
      return v instanceof ApexNative && v.typeName === rt.name;
  }
}

function argsCompatible(
  actual: readonly TypeRef[],
  wanted: readonly TypeRef[],
  from: ClassInfo | null,
  r: TypeResolver
): boolean {
  if (!wanted.length) return true;
  return actual.every((a, i) => typeAssignable(a, wanted[i], from, r));
}

/** Static assignability of type `a` to type `b` (used for collection element types and overloads). */
export function typeAssignable(a: TypeRef, b: TypeRef, from: ClassInfo | null, r: TypeResolver): boolean {
  const rb = resolveType(b, from, r);
  const ra = resolveType(a, from, r);
  if (!ra || !rb) {
    // A collection's element type is written relative to the class that created it (`List<Inner>` inside
    // Outer), so from elsewhere it may only resolve qualified (`Outer.Inner`): compare the names then.
    const x = a.name.toLowerCase();
    const y = b.name.toLowerCase();
    return x === y || x.endsWith('.' + y) || y.endsWith('.' + x);
  }
  if (rb.kind === 'primitive' && rb.name === 'Object') return true;
  if (rb.kind === 'primitive' && rb.name === 'SObject')
    return ra.kind === 'sobject' || (ra.kind === 'primitive' && ra.name === 'SObject');
  if (ra.kind === 'class' && rb.kind === 'class') return isSubclassOf(ra.cls, rb.cls);
  if (ra.kind === 'collection' && rb.kind === 'collection') {
    return ra.name === rb.name && argsCompatible(a.args, b.args, from, r);
  }
  if (ra.kind === 'primitive' && rb.kind === 'primitive') {
    if (ra.name === rb.name) return true;
    if (ra.name === 'Id' && rb.name === 'String') return true;
    if (ra.name === 'String' && rb.name === 'Id') return true;
    return false;
  }
  if (ra.kind === 'sobject' && rb.kind === 'sobject') return ra.name.toLowerCase() === rb.name.toLowerCase();
  if (ra.kind === 'enum' && rb.kind === 'enum') return ra.name === rb.name;
  if (ra.kind === 'type' && rb.kind === 'type') return true;
  return false;
}

/** Set by the running interpreter: turns a SOQL result into its single row or raises QueryException. */
export const coercionHooks: { singleRow: (rows: ApexList) => Value } = {
  singleRow: (rows) => rows.items[0] ?? null
};

/**
 * Converts a value to the declared type the way Apex widens numbers on assignment
 * (Integer → Long → Double/Decimal). Other values are returned unchanged.
 */
export function coerce(v: Value, t: TypeRef): Value {
  if (v === null) return null;
  if (
    v instanceof ApexList &&
    v.fromSoql &&
    !COLLECTIONS.has(stripSystem(t.name).toLowerCase()) &&
    !/^object$/i.test(t.name)
  ) {
    return coercionHooks.singleRow(v);
  }
  switch (stripSystem(t.name).toLowerCase()) {
    case 'decimal':
      if (typeof v === 'number' || typeof v === 'bigint') return ApexDecimal.fromInt(v);
      if (v instanceof ApexDouble) return ApexDecimal.fromDouble(v.v);
      return v;
    case 'double':
      if (typeof v === 'number') return new ApexDouble(v);
      if (typeof v === 'bigint') return new ApexDouble(Number(v));
      if (v instanceof ApexDecimal) return new ApexDouble(v.toNumber());
      return v;
    case 'long':
      if (v instanceof ApexDecimal) return v.toBigInt();
      return typeof v === 'number' ? BigInt(v) : v;
    case 'integer':
      // Only dynamic values (sObject fields, JSON) reach here as Decimal/Double: Apex would not compile it otherwise.
      if (v instanceof ApexDecimal) return Number(BigInt.asIntN(32, v.toBigInt()));
      if (v instanceof ApexDouble) return Math.trunc(v.v) | 0;
      return v;
    case 'date':
      if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) {
        return new ApexDate(Math.floor(Date.parse(v + 'T00:00:00Z') / 86400000));
      }
      return v;
    case 'datetime':
      // A Date assigned to a Datetime is midnight GMT of that day.
      return v instanceof ApexDate ? new ApexDatetime(v.days * 86400000) : v;
    default:
      return v;
  }
}

/** The default value of a declared variable: always null in Apex, including primitives. */
export const DEFAULT_VALUE: Value = null;
