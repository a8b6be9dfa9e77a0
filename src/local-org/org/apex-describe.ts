/**
 * The describe the Apex runtime reads (Schema.SObjectType.X.getDescribe(), Schema.describeSObjects,
 * DescribeFieldResult), built from the org's schema (standard objects' JSON files and deployed objects)
 * with the same rules as the REST describe (src/local-org/server/describe.ts): length only for text
 * types, precision and scale for number types, SOQL capabilities from store/schema.ts fieldCapabilities.
 */
import type { ChildRelationshipDescribe, FieldDescribe, SObjectDescribe } from '../apex/data-layer.js';
import { applyDescribeOverrides } from '../store/describe-overrides.js';
import { fieldCapabilities, type FieldDef, type ObjectDef } from '../store/schema.js';
import type { Store } from '../store/store.js';

const NUMBER_TYPES = new Set(['double', 'currency', 'percent']);
const NON_TEXT = new Set(['id', 'reference', 'boolean', 'double', 'currency', 'percent', 'int', 'date', 'datetime']);

function fieldDescribe(store: Store, def: ObjectDef, f: FieldDef): FieldDescribe {
  const can = fieldCapabilities(f);
  const picklist = f.type === 'picklist' || f.type === 'multipicklist';
  return {
    name: f.name,
    type: f.type,
    label: f.label,
    nillable: f.nillable,
    createable: f.createable && !def.customMetadata,
    updateable: f.updateable && !def.customMetadata,
    scale: NUMBER_TYPES.has(f.type) ? (f.scale ?? 0) : 0,
    precision: NUMBER_TYPES.has(f.type) ? (f.precision ?? 18) : 0,
    length: NON_TEXT.has(f.type) ? 0 : (f.length ?? 0),
    filterable: can.filterable,
    sortable: can.sortable,
    groupable: can.groupable,
    custom: f.custom ?? false,
    referenceTo: f.referenceTo ?? [],
    relationshipName: f.relationshipName ?? null,
    // The org's active currencies are read when asked (a describe is taken for every sObject type a transaction names).
    get picklistValues() {
      if (!picklist) return [];
      if (!f.activeCurrencyPicklist) return f.picklistValues ?? [];
      return store.picklistValues(f).map((v) => ({ value: v, label: v, active: true, defaultValue: false }));
    },
    defaultValue: f.defaultValue ?? null,
    unique: f.unique ?? false,
    externalId: f.externalId ?? false,
    calculated: false,
    autoNumber: f.autoNumber !== undefined,
    nameField: f.nameField ?? (f.name === 'Name' && !def.fields.some((x) => x.nameField))
  };
}

function childRelationships(store: Store, name: string): ChildRelationshipDescribe[] {
  return store.schema
    .all()
    .flatMap((o) =>
      o.fields
        .filter((f) => f.referenceTo?.includes(name))
        .map((f) => ({ childSObject: o.name, field: f.name, relationshipName: f.childRelationshipName ?? null }))
    );
}

export function apexDescribe(store: Store, sObjectType: string): SObjectDescribe | null {
  const def = store.schema.get(sObjectType);
  if (!def) return null;
  let children: ChildRelationshipDescribe[] | null = null;
  return {
    name: def.name,
    label: def.label,
    labelPlural: def.labelPlural,
    keyPrefix: def.keyPrefix,
    ...applyDescribeOverrides(store, def.name, 'apex', {
      createable: def.createable && !def.customMetadata,
      updateable: def.updateable && !def.customMetadata,
      deletable: def.deletable && !def.customMetadata,
      queryable: def.queryable
    }),
    custom: def.custom,
    ...(def.customSettingType ? { customSetting: def.customSettingType } : {}),
    fields: def.fields.map((f) => fieldDescribe(store, def, f)),
    // Computed when read: it scans every object's lookups, and most describes never ask.
    get childRelationships(): ChildRelationshipDescribe[] {
      children ??= childRelationships(store, def.name);
      return children;
    }
  };
}

export function apexSObjectTypes(store: Store): string[] {
  return store.schema.all().map((d) => d.name);
}
