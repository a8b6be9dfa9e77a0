/**
 * Polymorphic relationships (`Task.What`, `Task.Who`, `Note.Parent`: a reference field with several
 * `referenceTo` objects). A path through one reaches the `Name` object, whose fields are common to
 * every referenced object ("Understanding Relationship Fields and Polymorphic Fields",
 * https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_relationships_and_polymorph_keys.htm ;
 * Object Reference, "Name"): the local org models `Id`, `Name` (each object's name field) and `Type`
 * (the referenced object's API name: `WHERE What.Type IN ('Account', 'Opportunity')`, Apex Developer
 * Guide, "Working with Polymorphic Relationships in SOQL Queries"). The other fields of the Name object
 * fail loudly. `TYPEOF` picks fields per referenced type (query.ts, `typeofColumns`).
 */
import { malformedQuery } from '../errors.js';
import type { FieldDef, ObjectDef, SchemaRegistry } from '../schema.js';
import { col, tableName } from '../store.js';

/** Fields of the Name object (Object Reference) that the local org does not model. */
const UNMODELLED_NAME_FIELDS = new Set(
  [
    'Alias',
    'CommunityNickname',
    'Email',
    'FirstName',
    'IsActive',
    'LastName',
    'LastReferencedDate',
    'LastViewedDate',
    'NameOrAlias',
    'Phone',
    'ProfileId',
    'RecordTypeId',
    'SmallPhotoUrl',
    'Title',
    'UserRoleId',
    'Username'
  ].map((f) => f.toLowerCase())
);

const ro = { createable: false, updateable: false, nillable: true, calculated: true } as const;

/** The Name object as the local org models it. */
export const NAME_OBJECT: ObjectDef = {
  name: 'Name',
  label: 'Name',
  labelPlural: 'Names',
  keyPrefix: '',
  custom: false,
  createable: false,
  updateable: false,
  deletable: false,
  queryable: false,
  fields: [
    { name: 'Id', label: 'Record ID', type: 'id', length: 18, ...ro },
    { name: 'Name', label: 'Name', type: 'string', length: 255, nameField: true, ...ro },
    { name: 'Type', label: 'Object Type', type: 'string', length: 255, ...ro }
  ]
};

export function isPolymorphic(field: FieldDef | undefined): boolean {
  return (field?.referenceTo?.length ?? 0) > 1;
}

/** A field of the Name object, or a loud refusal for one the local org does not model. */
export function nameObjectField(fieldName: string): FieldDef | undefined {
  const field = NAME_OBJECT.fields.find((f) => f.name.toLowerCase() === fieldName.toLowerCase());
  if (!field && UNMODELLED_NAME_FIELDS.has(fieldName.toLowerCase()))
    throw malformedQuery(
      `field ${fieldName} of the polymorphic Name object is not supported by the local org (Id, Name and Type are)`
    );
  return field;
}

/**
 * The rows a polymorphic reference can point at, as one SQL source: `Id`, the object's name field as
 * `Name`, and its API name as `Type`, for every referenced object the org has.
 */
export function nameObjectSource(schema: SchemaRegistry, via: FieldDef): string {
  const parts = (via.referenceTo ?? []).flatMap((name) => {
    const object = schema.get(name);
    if (!object) return [];
    const nameField = object.fields.find((f) => f.nameField) ?? object.fields.find((f) => f.name === 'Name');
    const nameSql = nameField ? col(nameField.name) : 'NULL';
    return [
      `SELECT "Id", ${nameSql} AS "Name", '${object.name.replace(/'/g, '')}' AS "Type" FROM ${tableName(object.name)}`
    ];
  });
  if (parts.length === 0) throw malformedQuery(`relationship ${via.relationshipName} points at no object of the org`);
  return `(${parts.join(' UNION ALL ')})`;
}
