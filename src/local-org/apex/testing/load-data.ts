/**
 * Test.loadData(sObjectType, resourceName): inserts the rows of a deployed CSV static resource (first
 * line: field API names) as records of the type and answers them with their Ids ("Loading Test Data",
 * https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/apex_testing_load_data.htm).
 * Values are typed by the object's describe; an empty cell is null. The insert is one DML statement.
 */
import type { ApexParserRuleContext as ParserRuleContext } from '@apexdevtools/apex-parser';
import type { DataRecord } from '../data-layer.js';
import type { Interpreter } from '../interpreter.js';
import { performDml } from '../library/dml.js';
import { fieldTypesOf, fromRecord } from '../library/soql.js';
import { ApexList, ApexNative, typeRef, type Value } from '../values.js';

/** RFC 4180 CSV: quoted cells with "" escapes, CRLF or LF line ends. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      if (row.some((c) => c !== '')) rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  row.push(cell);
  if (row.some((c) => c !== '')) rows.push(row);
  return rows;
}

function typed(raw: string, type: string | undefined): unknown {
  if (raw === '') return null;
  switch (type) {
    case 'boolean':
      return raw.toLowerCase() === 'true';
    case 'int':
    case 'double':
    case 'currency':
    case 'percent':
      return Number(raw);
    default:
      return raw;
  }
}

export function loadData(it: Interpreter, type: Value, resource: Value, ctx: ParserRuleContext): Value {
  if (type === null || resource === null) return it.npe();
  if (!(type instanceof ApexNative) || type.typeName !== 'Schema.SObjectType')
    return it.throwApex('TypeException', 'Test.loadData needs an SObjectType, e.g. Account.sObjectType');
  if (!it.data.staticResource) return it.unsupported('Test.loadData against this data layer', ctx);
  const object = type.display;
  const body = it.data.staticResource(String(resource));
  if (!body)
    // Unverified wording: the Apex Reference does not document the error of a missing resource.
    return it.throwApex('StringException', `Static resource not found: ${String(resource)}`);
  const [header, ...rows] = parseCsv(body.toString('utf8').replace(/^\uFEFF/, ''));
  if (!header) return new ApexList(typeRef(object), []);
  const fields = fieldTypesOf(it)(object);
  const records: DataRecord[] = rows.map((cells) => {
    const rec: DataRecord = { attributes: { type: object } };
    header.forEach(
      (name, i) => (rec[name.trim()] = typed(cells[i] ?? '', fields?.get(name.trim().toLowerCase())?.type))
    );
    return rec;
  });
  const list = new ApexList(
    typeRef(object),
    records.map((r) => fromRecord(r, object, fieldTypesOf(it)))
  );
  // One insert statement, through the runtime's DML (limits, allOrNone, DmlException wording).
  performDml(it, 'insert', list, true, undefined, ctx);
  return list;
}
