/**
 * CustomObject metadata (Metadata API format `objects/<Name>.object`) → schema: new tables for custom
 * objects (`__c`) and custom metadata types (`__mdt`), new columns for custom fields on any object.
 * Field types: https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/customfield.htm
 */
import { systemFields, type FieldDef, type FieldType, type ObjectDef, type PicklistValue } from '../store/schema.js';
import type { Store } from '../store/store.js';
import { asArray, bool, text } from './xml.js';

export class UnsupportedFieldError extends Error {
  constructor(objectName: string, field: string, type: string) {
    super(`field ${objectName}.${field} has type ${type}, which the local org does not support`);
    this.name = 'UnsupportedFieldError';
  }
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

function allocateKeyPrefix(store: Store, first: string): string {
  for (;;) {
    const row = store.db
      .prepare(
        'INSERT INTO _counters (prefix, n) VALUES (?, 0) ON CONFLICT(prefix) DO UPDATE SET n = n + 1 RETURNING n'
      )
      .get(`keyprefix:${first}`) as { n: number };
    const prefix = `${first}${BASE62[Math.floor(row.n / 62) % 62]}${BASE62[row.n % 62]}`;
    if (!store.schema.byKeyPrefix(prefix)) return prefix;
  }
}

const num = (x: unknown): number | undefined => {
  const t = text(x);
  return t === undefined || t === '' ? undefined : Number(t);
};

function values(field: Record<string, unknown>): { values: PicklistValue[]; restricted: boolean } {
  const vs = field.valueSet as Record<string, unknown> | undefined;
  const def = vs?.valueSetDefinition as Record<string, unknown> | undefined;
  const list = asArray(def?.value as Record<string, unknown>[] | Record<string, unknown>).map((v) => ({
    value: text(v.fullName) ?? '',
    label: text(v.label) ?? text(v.fullName) ?? '',
    active: v.isActive === undefined ? true : bool(v.isActive),
    defaultValue: bool(v.default)
  }));
  return { values: list, restricted: bool(vs?.restricted) };
}

/**
 * Field size maxima (Salesforce Help, Custom Field Types:
 * https://help.salesforce.com/s/articleView?id=sf.custom_field_types.htm): Text 1–255, Text (Encrypted)
 * 1–175, Long/Rich Text Area 256–131,072 characters; Number, Currency and Percent at most 18 digits,
 * the decimal places not more than the length.
 */
function sized(field: string, kind: string, n: number, min: number, max: number): number {
  if (!Number.isInteger(n) || n < min || n > max)
    throw new Error(
      `Field ${field}: length ${n} is out of range: a ${kind} field has a length of ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}`
    );
  return n;
}

function numberSize(
  field: string,
  kind: string,
  f: Record<string, unknown>,
  defaultScale: number
): { precision: number; scale: number } {
  const precision = num(f.precision) ?? 18;
  const scale = num(f.scale) ?? defaultScale;
  if (!Number.isInteger(precision) || precision < 1 || precision > 18)
    throw new Error(`Field ${field}: precision ${precision} is out of range: a ${kind} field has 1 to 18 digits`);
  if (!Number.isInteger(scale) || scale < 0 || scale > precision)
    throw new Error(`Field ${field}: scale ${scale} must be from 0 to the precision (${precision})`);
  return { precision, scale };
}

/** One CustomField element → FieldDef. */
export function fieldFromXml(objectName: string, f: Record<string, unknown>): FieldDef {
  const name = text(f.fullName) ?? '';
  const label = text(f.label) ?? name;
  const sfType = text(f.type) ?? (f.formula ? 'Text' : 'Text');
  const required = bool(f.required);
  const base: FieldDef = {
    name,
    label,
    type: 'string',
    createable: true,
    updateable: true,
    nillable: !required,
    custom: true,
    unique: bool(f.unique),
    caseSensitive: bool(f.caseSensitive),
    externalId: bool(f.externalId)
  };
  const set = (type: FieldType, extra: Partial<FieldDef> = {}): FieldDef => ({ ...base, type, ...extra });
  let field: FieldDef;
  switch (sfType) {
    case 'Text':
      field = set('string', { length: sized(name, 'Text', num(f.length) ?? 255, 1, 255) });
      break;
    case 'EncryptedText':
      field = set('string', { length: sized(name, 'Text (Encrypted)', num(f.length) ?? 175, 1, 175) });
      break;
    case 'TextArea':
      field = set('textarea', { length: 255 });
      break;
    case 'LongTextArea':
    case 'Html':
      field = set('textarea', {
        length: sized(
          name,
          sfType === 'Html' ? 'Rich Text Area' : 'Long Text Area',
          num(f.length) ?? 32768,
          256,
          131072
        )
      });
      break;
    case 'Number':
      field = set('double', numberSize(name, 'Number', f, 0));
      break;
    case 'Currency':
      field = set('currency', numberSize(name, 'Currency', f, 2));
      break;
    case 'Percent':
      field = set('percent', numberSize(name, 'Percent', f, 0));
      break;
    case 'Checkbox':
      field = set('boolean', { nillable: false, defaultValue: bool(f.defaultValue) });
      break;
    case 'Date':
      field = set('date');
      break;
    case 'DateTime':
      field = set('datetime');
      break;
    case 'Email':
      field = set('email', { length: 80 });
      break;
    case 'Phone':
      field = set('phone', { length: 40 });
      break;
    case 'Url':
      field = set('url', { length: 255 });
      break;
    case 'Picklist':
    case 'MultiselectPicklist': {
      const v = values(f);
      const dflt = v.values.find((x) => x.defaultValue)?.value;
      field = set(sfType === 'Picklist' ? 'picklist' : 'multipicklist', {
        length: 255,
        picklistValues: v.values,
        restrictedPicklist: v.restricted,
        ...(dflt ? { defaultValue: dflt } : {})
      });
      break;
    }
    case 'Lookup':
    case 'MasterDetail': {
      const rel = text(f.relationshipName);
      field = set('reference', {
        length: 18,
        referenceTo: [text(f.referenceTo) ?? ''],
        // Child to parent: the field name with __r (Account__c → Account__r); parent to child: the
        // field's <relationshipName> with __r ("Relationship Names for Custom Objects and Custom Fields",
        // https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_relationships_and_custom_objects.htm).
        relationshipName: name.replace(/__c$/i, '__r'),
        childRelationshipName: rel ? `${rel}__r` : undefined,
        nillable: sfType === 'Lookup' ? !required : false
      });
      break;
    }
    case 'MetadataRelationship':
      // A custom metadata field relating to EntityDefinition, FieldDefinition or another custom metadata
      // type; the record file gives the related entity's (qualified) API name, kept as text. Describe
      // reports such fields as strings (extraTypeInfo externallookup); `__r` traversal is not modelled.
      // https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/customfield.htm
      field = set('string', {
        length: 255,
        createable: false,
        updateable: false,
        referenceTo: [text(f.referenceTo) ?? '']
      });
      break;
    case 'AutoNumber':
      field = set('string', {
        length: 30,
        autoNumber: text(f.displayFormat) ?? '{0}',
        createable: false,
        updateable: false,
        calculated: true
      });
      break;
    default:
      throw new UnsupportedFieldError(objectName, name, sfType);
  }
  if (f.formula !== undefined)
    Object.assign(field, { createable: false, updateable: false, calculated: true, nillable: true });
  const dv = text(f.defaultValue);
  if (dv !== undefined && field.type !== 'boolean' && field.defaultValue === undefined) {
    const unquoted = /^'.*'$|^".*"$/.test(dv) ? dv.slice(1, -1) : dv;
    if (/^-?\d+(\.\d+)?$/.test(unquoted) || unquoted !== dv)
      field.defaultValue = field.type === 'double' ? Number(unquoted) : unquoted;
  }
  return field;
}

/** `<customSettingsType>`: Hierarchy or List (undefined for other objects). */
function customSettingType(xml: Record<string, unknown>): 'Hierarchy' | 'List' | undefined {
  const t = text(xml.customSettingsType);
  if (t === undefined || t === null) return undefined;
  return t === 'List' ? 'List' : 'Hierarchy';
}

/**
 * The standard fields of a custom setting (no owner): Name — the data set name of a list setting, required and
 * unique — and, for a hierarchy setting, SetupOwnerId, the organization, profile or user the values are for
 * (one record each) (Apex Reference, "Custom Settings Methods"; Object Reference, "Custom Settings").
 */
function customSettingFields(type: 'Hierarchy' | 'List'): FieldDef[] {
  const name: FieldDef = {
    name: 'Name',
    label: 'Name',
    type: 'string',
    length: 80,
    createable: true,
    updateable: true,
    nillable: type === 'Hierarchy',
    unique: type === 'List'
  };
  if (type === 'List') return [name];
  return [
    name,
    {
      name: 'SetupOwnerId',
      label: 'Location',
      type: 'reference',
      length: 18,
      referenceTo: ['Organization', 'Profile', 'User'],
      relationshipName: 'SetupOwner',
      createable: true,
      updateable: true,
      nillable: false,
      unique: true
    }
  ];
}

function customMetadataFields(): FieldDef[] {
  const ro = { createable: false, updateable: false, nillable: false };
  return [
    { name: 'DeveloperName', label: 'Custom Metadata Record Name', type: 'string', length: 40, ...ro },
    { name: 'MasterLabel', label: 'Label', type: 'string', length: 40, ...ro },
    { name: 'Label', label: 'Label', type: 'string', length: 40, ...ro },
    { name: 'QualifiedApiName', label: 'Qualified API Name', type: 'string', length: 70, ...ro },
    { name: 'Language', label: 'Master Language', type: 'string', length: 40, ...ro, nillable: true },
    { name: 'NamespacePrefix', label: 'Namespace Prefix', type: 'string', length: 15, ...ro, nillable: true }
  ];
}

/** Registers a deployed CustomObject: a new object (custom, custom metadata, or unknown standard) or new fields. */
export function registerObject(store: Store, fullName: string, xml: Record<string, unknown>): void {
  const fields = asArray(xml.fields as Record<string, unknown>[] | Record<string, unknown>).map((f) =>
    fieldFromXml(fullName, f)
  );
  const existing = store.schema.get(fullName);
  if (existing) {
    for (const f of fields) store.defineField(existing.name, f);
    return;
  }
  const isMdt = fullName.endsWith('__mdt');
  if (fullName.endsWith('__e')) {
    store.defineObject(platformEventObject(store, fullName, xml, fields));
    return;
  }
  const label = text(xml.label) ?? fullName;
  const nameField = xml.nameField as Record<string, unknown> | undefined;
  const settingType = customSettingType(xml);
  const standard: FieldDef[] = isMdt
    ? customMetadataFields()
    : settingType
      ? customSettingFields(settingType)
      : [
          nameField && text(nameField.type) === 'AutoNumber'
            ? {
                name: 'Name',
                label: text(nameField.label) ?? 'Name',
                type: 'string',
                length: 80,
                createable: false,
                updateable: false,
                nillable: false,
                calculated: true,
                autoNumber: text(nameField.displayFormat) ?? '{0}'
              }
            : {
                name: 'Name',
                label: text(nameField?.label) ?? 'Name',
                type: 'string',
                length: 80,
                createable: true,
                updateable: true,
                nillable: true
              },
          {
            name: 'OwnerId',
            label: 'Owner ID',
            type: 'reference',
            length: 18,
            referenceTo: ['User'],
            relationshipName: 'Owner',
            createable: true,
            updateable: true,
            nillable: true
          }
        ];
  const def: ObjectDef = {
    name: fullName,
    label,
    labelPlural: text(xml.pluralLabel) ?? `${label}s`,
    keyPrefix: allocateKeyPrefix(store, isMdt ? 'm' : 'a'),
    custom: fullName.includes('__'),
    customMetadata: isMdt,
    customSetting: settingType !== undefined,
    ...(settingType ? { customSettingType: settingType } : {}),
    createable: !isMdt,
    updateable: !isMdt,
    deletable: !isMdt,
    queryable: true,
    fields: [...systemFields(), ...standard, ...fields]
  };
  store.defineObject(def);
}

/**
 * A platform event object (`__e`): no Name or owner, ReplayId and EventUuid system fields, published
 * (inserted) rather than updated or deleted. Fields: "Platform Event Fields",
 * https://developer.salesforce.com/docs/atlas.en-us.platform_events.meta/platform_events/platform_events_define_ui.htm
 * `<publishBehavior>` (PublishAfterCommit or PublishImmediately, the default Setup offers: same page) decides
 * when the event bus delivers it (org/event-bus.ts, docs/local-org.md "Platform events").
 */
function platformEventObject(
  store: Store,
  fullName: string,
  xml: Record<string, unknown>,
  fields: FieldDef[]
): ObjectDef {
  const label = text(xml.label) ?? fullName;
  const ro = { createable: false, updateable: false, nillable: true, calculated: true };
  return {
    name: fullName,
    label,
    labelPlural: text(xml.pluralLabel) ?? `${label}s`,
    keyPrefix: allocateKeyPrefix(store, 'e'),
    custom: true,
    createable: true,
    updateable: false,
    deletable: false,
    queryable: false,
    platformEvent: true,
    publishBehavior: text(xml.publishBehavior) === 'PublishAfterCommit' ? 'PublishAfterCommit' : 'PublishImmediately',
    fields: [
      ...systemFields(),
      { name: 'ReplayId', label: 'Replay ID', type: 'string', length: 255, ...ro },
      { name: 'EventUuid', label: 'Event UUID', type: 'string', length: 36, ...ro },
      ...fields
    ]
  };
}

/** Upserts a custom metadata record (`customMetadata/<Type>.<Record>.md`) into its `<Type>__mdt` table. */
export function registerCustomMetadataRecord(store: Store, fullName: string, xml: Record<string, unknown>): string {
  const dot = fullName.indexOf('.');
  const typeName = `${fullName.slice(0, dot)}__mdt`;
  const developerName = fullName.slice(dot + 1);
  const def = store.schema.get(typeName);
  if (!def) throw new Error(`Cannot find the custom metadata type ${typeName}: deploy its object first`);
  const label = text(xml.label) ?? developerName;
  const record: Record<string, unknown> = {
    DeveloperName: developerName,
    MasterLabel: label,
    Label: label,
    QualifiedApiName: developerName,
    Language: 'en_US'
  };
  for (const v of asArray(xml.values as Record<string, unknown>[] | Record<string, unknown>)) {
    const field = text(v.field) ?? '';
    const value = v.value as Record<string, unknown> | string | undefined;
    const nil = typeof value === 'object' && value !== null && text(value['@_nil']) === 'true';
    const raw = nil ? null : text(value);
    const fd = store.schema.field(typeName, field);
    if (!fd) throw new Error(`No such field ${field} on ${typeName}`);
    record[fd.name] =
      raw === null || raw === undefined
        ? null
        : fd.type === 'boolean'
          ? raw === 'true'
          : ['double', 'int', 'currency', 'percent'].includes(fd.type)
            ? Number(raw)
            : raw;
  }
  const existing = store.db
    .prepare(`SELECT Id FROM "o_${typeName.toLowerCase()}" WHERE DeveloperName = ? AND IsDeleted = 0`)
    .get(developerName) as { Id: string } | undefined;
  if (existing) {
    store.update(typeName, existing.Id, record, { system: true });
    return existing.Id;
  }
  return store.insert(typeName, record, { system: true });
}
