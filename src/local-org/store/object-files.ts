/**
 * Standard objects as data: one JSON file per object in `objects/`, written from the Object Reference
 * (each file names its page in `source`). A field's `props` is the reference's "Properties" line
 * verbatim — "Create, Filter, Group, Nillable, Sort, Update" — from which createable, updateable,
 * nillable, filterable, groupable and sortable are derived, so a file can be checked against the page
 * line by line. Objects with `"currency": true` get `CurrencyIsoCode` (the local org is multi-currency);
 * `"owner": true` adds `OwnerId`; `"compoundName"` names the fields an auto-filled, read-only Name joins.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { picklist, systemFields, type FieldDef, type FieldType, type ObjectDef } from './schema.js';

interface FieldFile {
  name: string;
  label?: string;
  type: FieldType;
  length?: number;
  precision?: number;
  scale?: number;
  /** The Object Reference's Properties line. */
  props: string;
  referenceTo?: string[];
  relationshipName?: string;
  /** The relationship name the referenced object's subqueries use (its describe's childRelationships). */
  childRelationshipName?: string;
  picklist?: string[];
  defaultValue?: string | number | boolean;
  nameField?: boolean;
  /** Display format of an auto-number field, e.g. `{00000000}`. */
  autoNumber?: string;
}

export interface ObjectFile {
  source: string;
  name: string;
  label: string;
  labelPlural: string;
  keyPrefix: string;
  createable?: boolean;
  updateable?: boolean;
  deletable?: boolean;
  currency?: boolean;
  owner?: boolean;
  compoundName?: string[];
  fields: FieldFile[];
}

/** Thrown for a malformed object file: which file, which field, what is wrong. */
export class ObjectFileError extends Error {
  constructor(file: string, detail: string) {
    super(`standard object file ${file}: ${detail}`);
    this.name = 'ObjectFileError';
  }
}

const KNOWN_PROPS = new Set([
  'Create',
  'Update',
  'Nillable',
  'Filter',
  'Group',
  'Sort',
  'Defaulted on create',
  'Restricted picklist',
  'idLookup',
  'Calculated',
  'Autonumber',
  'Name Field',
  'Dependent picklist'
]);

function fieldDef(file: string, f: FieldFile): FieldDef {
  const props = new Set(f.props.split(',').map((p) => p.trim()));
  for (const p of props) if (!KNOWN_PROPS.has(p)) throw new ObjectFileError(file, `${f.name}: unknown property "${p}"`);
  const createable = props.has('Create');
  const updateable = props.has('Update');
  const field: FieldDef & { filterable: boolean; groupable: boolean; sortable: boolean } = {
    name: f.name,
    label: f.label ?? f.name.replace(/([a-z])([A-Z])/g, '$1 $2'),
    type: f.type,
    createable,
    updateable,
    nillable: props.has('Nillable'),
    filterable: props.has('Filter'),
    groupable: props.has('Group'),
    sortable: props.has('Sort'),
    ...(f.length !== undefined ? { length: f.length } : {}),
    ...(f.precision !== undefined ? { precision: f.precision, scale: f.scale ?? 0 } : {}),
    ...(!createable && !updateable ? { calculated: true } : {}),
    ...(f.referenceTo ? { referenceTo: f.referenceTo, length: 18 } : {}),
    ...(f.relationshipName ? { relationshipName: f.relationshipName } : {}),
    ...(f.childRelationshipName ? { childRelationshipName: f.childRelationshipName } : {}),
    ...(f.nameField ? { nameField: true } : {}),
    ...(f.picklist
      ? { picklistValues: picklist(f.picklist, typeof f.defaultValue === 'string' ? f.defaultValue : undefined) }
      : {}),
    ...(props.has('Restricted picklist') ? { restrictedPicklist: true } : {}),
    ...(f.defaultValue !== undefined ? { defaultValue: f.defaultValue } : {}),
    ...(f.autoNumber ? { autoNumber: f.autoNumber, calculated: true } : {})
  };
  // A field the platform fills on create (defaulted, not nillable) is never reported missing.
  if (props.has('Defaulted on create') && f.defaultValue === undefined && f.type !== 'boolean') field.calculated = true;
  if (f.type === 'boolean' && f.defaultValue === undefined) field.defaultValue = false;
  return field;
}

const CURRENCY_FIELD: FieldDef = {
  name: 'CurrencyIsoCode',
  label: 'Currency ISO Code',
  type: 'picklist',
  length: 3,
  createable: true,
  updateable: true,
  nillable: false,
  calculated: true, // filled on create with the running user's currency (rule below)
  restrictedPicklist: true,
  activeCurrencyPicklist: true,
  picklistValues: []
};

function ownerField(): FieldDef {
  return {
    name: 'OwnerId',
    label: 'Owner ID',
    type: 'reference',
    length: 18,
    referenceTo: ['User'],
    relationshipName: 'Owner',
    createable: true,
    updateable: true,
    nillable: false,
    calculated: true // defaulted on create to the creator
  };
}

const DIR = join(import.meta.dirname, 'objects');

function readObjectFiles(): ObjectFile[] {
  return readdirSync(DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      let parsed: ObjectFile;
      try {
        parsed = JSON.parse(readFileSync(join(DIR, f), 'utf8')) as ObjectFile;
      } catch (e) {
        throw new ObjectFileError(f, e instanceof Error ? e.message : String(e));
      }
      if (`${parsed.name}.json` !== f) throw new ObjectFileError(f, `the file must be named ${parsed.name}.json`);
      return parsed;
    });
}

let cache: ObjectFile[] | undefined;

/** The object files as read (once per process): the object rules need their currency and compound names. */
export function objectFiles(): readonly ObjectFile[] {
  cache ??= readObjectFiles();
  return cache;
}

/** The objects defined by files in `objects/` (read once per process). */
export function fileObjects(): ObjectDef[] {
  return objectFiles().map((o) => {
    const file = `${o.name}.json`;
    const fields = o.fields.map((f) => fieldDef(file, f));
    return {
      name: o.name,
      label: o.label,
      labelPlural: o.labelPlural,
      keyPrefix: o.keyPrefix,
      custom: false,
      createable: o.createable ?? true,
      updateable: o.updateable ?? true,
      deletable: o.deletable ?? true,
      queryable: true,
      fields: [
        ...systemFields(),
        ...(o.owner ? [ownerField()] : []),
        ...(o.currency ? [{ ...CURRENCY_FIELD }] : []),
        ...fields
      ]
    };
  });
}
