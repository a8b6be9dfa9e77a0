/** The schema registry: every sObject type the local org knows, standard or deployed. */
export type FieldType =
  | 'id'
  | 'string'
  | 'textarea'
  | 'picklist'
  | 'multipicklist'
  | 'boolean'
  | 'double'
  | 'int'
  | 'currency'
  | 'percent'
  | 'date'
  | 'datetime'
  | 'reference'
  | 'email'
  | 'url'
  | 'phone';

export interface PicklistValue {
  value: string;
  label: string;
  active: boolean;
  defaultValue: boolean;
}

export interface FieldDef {
  name: string;
  label: string;
  type: FieldType;
  length?: number;
  precision?: number;
  scale?: number;
  createable: boolean;
  updateable: boolean;
  nillable: boolean;
  /** Filled in by the platform (system fields, auto numbers, maintained fields): never required. */
  calculated?: boolean;
  autoNumber?: string;
  defaultValue?: string | number | boolean | null;
  picklistValues?: PicklistValue[];
  restrictedPicklist?: boolean;
  /** Picklist whose values are the org's active currencies (CurrencyType.IsoCode, IsActive). */
  activeCurrencyPicklist?: boolean;
  referenceTo?: string[];
  relationshipName?: string;
  /** The object's name field (Name, or e.g. CaseNumber, Subject): what SOSL's NAME FIELDS searches. */
  nameField?: boolean;
  /** The parent-to-child relationship name a subquery on the parent uses (`Contacts` for Contact.AccountId). */
  childRelationshipName?: string;
  unique?: boolean;
  /** A unique field whose values compare case-sensitively (`<caseSensitive>true</caseSensitive>`). */
  caseSensitive?: boolean;
  externalId?: boolean;
  custom?: boolean;
  /**
   * The SOQL capabilities the describe reports (filterable: WHERE, sortable: ORDER BY, groupable:
   * GROUP BY, aggregatable: aggregate functions). Unset: from the field type (fieldCapabilities); set
   * where the Object Reference says otherwise for a standard field.
   */
  filterable?: boolean;
  sortable?: boolean;
  groupable?: boolean;
  aggregatable?: boolean;
}

export interface FieldCapabilities {
  filterable: boolean;
  sortable: boolean;
  groupable: boolean;
  aggregatable: boolean;
}

/**
 * What a field supports in SOQL. By type: long text areas (over 255) support none of it; multi-select
 * picklists only filtering; double, currency, percent and date-time fields are not groupable
 * (https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_group_by_considerations.htm ,
 * https://ktema.org/articles/soql-group-by-fields/); booleans and multi-select picklists take no aggregate
 * function ("Support for Field Types in Aggregate Functions",
 * https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_agg_functions_field_types.htm).
 * A field's own flags win (standard fields whose Object Reference entry says otherwise).
 */
export function fieldCapabilities(f: FieldDef): FieldCapabilities {
  const longText = f.type === 'textarea' && (f.length ?? 0) > 255;
  const multi = f.type === 'multipicklist';
  return {
    filterable: f.filterable ?? !longText,
    sortable: f.sortable ?? (!longText && !multi),
    groupable: f.groupable ?? (!longText && !multi && !['double', 'currency', 'percent', 'datetime'].includes(f.type)),
    aggregatable: f.aggregatable ?? (!longText && !multi && f.type !== 'boolean')
  };
}

export interface ObjectDef {
  name: string;
  label: string;
  labelPlural: string;
  keyPrefix: string;
  custom: boolean;
  customSetting?: boolean;
  /** A custom setting's `<customSettingsType>`: Hierarchy (org, profile, user values) or List (named data sets). */
  customSettingType?: 'Hierarchy' | 'List';
  /** Custom metadata type (`__mdt`): queryable, not writable through the data API. */
  customMetadata?: boolean;
  createable: boolean;
  updateable: boolean;
  deletable: boolean;
  queryable: boolean;
  /** Visible through the Tooling API (`/tooling/query`). */
  tooling?: boolean;
  /**
   * A platform event (`__e`, or a standard event such as BatchApexErrorEvent): published rather than
   * inserted; its rows are the event bus (ReplayId, EventUuid), delivered to after insert triggers.
   */
  platformEvent?: boolean;
  /** A platform event's `<publishBehavior>` (default PublishImmediately, as Setup's). */
  publishBehavior?: 'PublishAfterCommit' | 'PublishImmediately';
  fields: FieldDef[];
}

export function picklist(values: string[], defaultValue?: string): PicklistValue[] {
  return values.map((v) => ({ value: v, label: v, active: true, defaultValue: v === defaultValue }));
}

/** System fields every sObject has. */
export function systemFields(): FieldDef[] {
  const ro = { createable: false, updateable: false, nillable: false, calculated: true };
  return [
    { name: 'Id', label: 'Record ID', type: 'id', length: 18, ...ro },
    { name: 'IsDeleted', label: 'Deleted', type: 'boolean', ...ro },
    { name: 'CreatedDate', label: 'Created Date', type: 'datetime', ...ro },
    {
      name: 'CreatedById',
      label: 'Created By ID',
      type: 'reference',
      length: 18,
      referenceTo: ['User'],
      relationshipName: 'CreatedBy',
      ...ro
    },
    { name: 'LastModifiedDate', label: 'Last Modified Date', type: 'datetime', ...ro },
    {
      name: 'LastModifiedById',
      label: 'Last Modified By ID',
      type: 'reference',
      length: 18,
      referenceTo: ['User'],
      relationshipName: 'LastModifiedBy',
      ...ro
    },
    { name: 'SystemModstamp', label: 'System Modstamp', type: 'datetime', ...ro }
  ];
}

export class SchemaRegistry {
  private readonly objects = new Map<string, ObjectDef>();
  private readonly fieldIndex = new Map<string, Map<string, FieldDef>>();
  /** Bumped by every change, so another connection's copy (an Apex worker's) knows when to follow. */
  version = 0;

  add(def: ObjectDef): void {
    this.version++;
    const key = def.name.toLowerCase();
    this.objects.set(key, def);
    this.fieldIndex.set(key, new Map(def.fields.map((f) => [f.name.toLowerCase(), f])));
  }

  addField(objectName: string, field: FieldDef): void {
    const def = this.get(objectName);
    if (!def) throw new RangeError(`unknown sObject ${objectName}`);
    this.version++;
    const existing = def.fields.findIndex((f) => f.name.toLowerCase() === field.name.toLowerCase());
    if (existing >= 0) def.fields[existing] = field;
    else def.fields.push(field);
    this.fieldIndex.get(def.name.toLowerCase())!.set(field.name.toLowerCase(), field);
  }

  /** Takes an object out of the schema (its table stays; e.g. DatedConversionRate when ACM is off). */
  remove(name: string): void {
    this.version++;
    this.objects.delete(name.toLowerCase());
    this.fieldIndex.delete(name.toLowerCase());
  }

  get(name: string): ObjectDef | undefined {
    return this.objects.get(name.toLowerCase());
  }

  field(objectName: string, fieldName: string): FieldDef | undefined {
    return this.fieldIndex.get(objectName.toLowerCase())?.get(fieldName.toLowerCase());
  }

  byKeyPrefix(prefix: string): ObjectDef | undefined {
    for (const def of this.objects.values()) if (def.keyPrefix === prefix) return def;
    return undefined;
  }

  /** The child object and reference field behind parent `parentName`'s child relationship `name` (case-insensitive). */
  childRelationship(parentName: string, name: string): { object: ObjectDef; field: FieldDef } | undefined {
    const lower = name.toLowerCase();
    const parent = this.get(parentName)?.name;
    for (const object of this.objects.values())
      for (const field of object.fields)
        if (field.childRelationshipName?.toLowerCase() === lower && parent && field.referenceTo?.includes(parent))
          return { object, field };
    return undefined;
  }

  /** Finds the reference field of `objectName` whose relationship name is `relationshipName`. */
  relationship(objectName: string, relationshipName: string): FieldDef | undefined {
    const lower = relationshipName.toLowerCase();
    return this.get(objectName)?.fields.find((f) => f.relationshipName?.toLowerCase() === lower);
  }

  /** A deep copy of the registry's state, to restore when a transaction that changed it rolls back. */
  snapshot(): ObjectDef[] {
    return structuredClone(this.all());
  }

  restore(defs: ObjectDef[]): void {
    this.version++;
    this.objects.clear();
    this.fieldIndex.clear();
    for (const def of defs) this.add(def);
  }

  all(): ObjectDef[] {
    return [...this.objects.values()];
  }

  /** Serialisable copy (persisted with --data-dir so deployed objects survive restarts). */
  toJSON(): ObjectDef[] {
    return this.all().filter((d) => d.custom);
  }
}
