/** describeGlobal and sObject describe, shaped like the REST API's answers. */
import { fieldCapabilities, type FieldDef, type ObjectDef } from '../store/schema.js';
import type { Store } from '../store/store.js';
import { applyDescribeOverrides } from '../store/describe-overrides.js';

const SOAP_TYPES: Record<string, string> = {
  id: 'tns:ID',
  reference: 'tns:ID',
  boolean: 'xsd:boolean',
  double: 'xsd:double',
  currency: 'xsd:double',
  percent: 'xsd:double',
  int: 'xsd:int',
  date: 'xsd:date',
  datetime: 'xsd:dateTime'
};

function urls(def: ObjectDef, version: string): Record<string, string> {
  const base = `/services/data/v${version}/sobjects/${def.name}`;
  return { sobject: base, describe: `${base}/describe`, rowTemplate: `${base}/{ID}` };
}

function objectSummary(store: Store, def: ObjectDef, version: string): Record<string, unknown> {
  const props = applyDescribeOverrides(store, def.name, 'rest', {
    createable: def.createable && !def.customMetadata,
    updateable: def.updateable && !def.customMetadata,
    deletable: def.deletable && !def.customMetadata,
    queryable: def.queryable
  });
  return {
    activateable: false,
    createable: props.createable,
    custom: def.custom,
    customSetting: def.customSetting ?? false,
    deletable: props.deletable,
    deprecatedAndHidden: false,
    feedEnabled: false,
    keyPrefix: def.keyPrefix,
    label: def.label,
    labelPlural: def.labelPlural,
    layoutable: def.custom,
    mergeable: false,
    mruEnabled: false,
    name: def.name,
    queryable: props.queryable,
    replicateable: true,
    retrieveable: true,
    searchable: def.custom,
    triggerable: def.custom,
    undeletable: false,
    updateable: props.updateable,
    urls: urls(def, version)
  };
}

function describeField(store: Store, def: ObjectDef, f: FieldDef): Record<string, unknown> {
  const text = !SOAP_TYPES[f.type];
  const values = f.activeCurrencyPicklist
    ? store.picklistValues(f).map((v) => ({ active: true, defaultValue: false, label: v, validFor: null, value: v }))
    : (f.picklistValues ?? []).map((p) => ({ ...p, validFor: null }));
  const can = fieldCapabilities(f);
  return {
    aggregatable: can.aggregatable,
    autoNumber: f.autoNumber !== undefined,
    byteLength: text ? (f.length ?? 0) * 3 : 0,
    calculated: false,
    caseSensitive: false,
    createable: f.createable && !def.customMetadata,
    custom: f.custom ?? false,
    defaultValue: f.defaultValue ?? null,
    defaultedOnCreate: f.defaultValue !== undefined || f.calculated === true || f.type === 'boolean',
    dependentPicklist: false,
    digits: f.type === 'int' ? (f.precision ?? 9) : 0,
    externalId: f.externalId ?? false,
    filterable: can.filterable,
    groupable: can.groupable,
    idLookup: f.name === 'Id' || (f.unique ?? false),
    label: f.label,
    length: text ? (f.length ?? 0) : 0,
    name: f.name,
    nameField: f.name === 'Name',
    nillable: f.nillable,
    picklistValues: f.type === 'picklist' || f.type === 'multipicklist' ? values : [],
    polymorphicForeignKey: false,
    precision: ['double', 'currency', 'percent'].includes(f.type) ? (f.precision ?? 18) : 0,
    referenceTo: f.referenceTo ?? [],
    relationshipName: f.relationshipName ?? null,
    restrictedPicklist: f.restrictedPicklist ?? false,
    scale: ['double', 'currency', 'percent'].includes(f.type) ? (f.scale ?? 0) : 0,
    soapType: SOAP_TYPES[f.type] ?? 'xsd:string',
    sortable: can.sortable,
    type: f.type === 'datetime' ? 'datetime' : f.type,
    unique: f.unique ?? false,
    updateable: f.updateable && !def.customMetadata
  };
}

export function describeGlobal(store: Store, version: string, tooling = false): Record<string, unknown> {
  const objects = store.schema.all().filter((d) => !tooling || d.tooling || d.custom);
  return { encoding: 'UTF-8', maxBatchSize: 200, sobjects: objects.map((d) => objectSummary(store, d, version)) };
}

export function describeSObject(store: Store, def: ObjectDef, version: string): Record<string, unknown> {
  const childRelationships = store.schema.all().flatMap((o) =>
    o.fields
      .filter((f) => f.referenceTo?.includes(def.name))
      .map((f) => ({
        cascadeDelete: false,
        childSObject: o.name,
        field: f.name,
        relationshipName: f.childRelationshipName ?? null
      }))
  );
  return {
    ...objectSummary(store, def, version),
    childRelationships,
    fields: def.fields.map((f) => describeField(store, def, f)),
    recordTypeInfos: [],
    supportedScopes: [{ label: 'All', name: 'everything' }]
  };
}

export function basicInfo(store: Store, def: ObjectDef, version: string): Record<string, unknown> {
  return { objectDescribe: objectSummary(store, def, version), recentItems: [] };
}
