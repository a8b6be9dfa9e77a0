/**
 * Records addressed by an external ID: `/sobjects/<Type>/<Field>/<Value>`
 * (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_upsert.htm,
 * resources_sobject_upsert.htm): GET and DELETE the record whose field has the value; PATCH upserts — an
 * update when one record matches (200 with `created: false`; 204 before API 46.0), an insert with the field
 * set when none does (201 with `created: true`), and 300 Multiple Choices with the matching records' URLs
 * when several do. The field must be an external ID field (or Id); another field is 404 NOT_FOUND
 * `Provided external ID field does not exist or is not accessible: <Field>` (as orgs answer; the guide's
 * example shows `The requested resource does not exist`). The body may not repeat the field or give an Id;
 * `?updateOnly=true` makes no match a 404 instead of an insert. `created` is in the answers from API 46.0.
 * Writes on objects with active triggers go through the triggers, as other API writes do. Standard idLookup
 * fields (Contact.Email, …) are not modelled as upsert keys.
 */
import { SalesforceError, notFound } from '../store/errors.js';
import { runSoql } from '../store/soql/query.js';
import type { ApiRecord, Store } from '../store/store.js';
import type { FieldDef, ObjectDef } from '../store/schema.js';
import type { RequestContext } from './context.js';
import { parseJson, sendJson } from './http-util.js';
import { firesTriggers, rowError, whenWritten, writeWithTriggers } from './triggered-writes.js';

/** The external ID field (or Id) a request names; another field is the API's 404. */
export function externalIdField(store: Store, def: ObjectDef, fieldName: string): FieldDef {
  const field = store.schema.field(def.name, fieldName);
  if (!field || !(field.externalId || field.name === 'Id'))
    throw notFound(`Provided external ID field does not exist or is not accessible: ${fieldName}`);
  return field;
}

/** The Ids of the live records whose `field` has `value`. */
export function idsWithValue(store: Store, def: ObjectDef, field: FieldDef, value: unknown): string[] {
  return runSoql(store, `SELECT Id FROM ${def.name} WHERE ${field.name} = :v`, { binds: { v: value } }).records.map(
    (r) => String(r.Id)
  );
}

function multipleChoices(ctx: RequestContext, def: ObjectDef, version: string, ids: string[]): void {
  sendJson(
    ctx.res,
    300,
    ids.map((id) => `/services/data/v${version}/sobjects/${def.name}/${id}`)
  );
}

function recordBody(ctx: RequestContext): ApiRecord {
  const body = parseJson(ctx.body);
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new SalesforceError('JSON_PARSER_ERROR', 'Expected a JSON object with the record fields');
  return body as ApiRecord;
}

/** Handles `/sobjects/<Type>/<Field>/<Value>`. */
export function handleExternalId(
  ctx: RequestContext,
  def: ObjectDef,
  version: string,
  fieldName: string,
  encodedValue: string
): void | Promise<void> {
  const store = ctx.org.store;
  let value: string;
  try {
    value = decodeURIComponent(encodedValue);
  } catch {
    throw notFound('The requested resource does not exist');
  }
  const ids = idsWithValue(store, def, externalIdField(store, def, fieldName), value);
  if (ids.length > 1 && ctx.method !== 'PATCH') return multipleChoices(ctx, def, version, ids);
  switch (ctx.method) {
    case 'GET': {
      if (!ids.length) throw notFound('The requested resource does not exist');
      const rec = store.retrieve(def.name, ids[0]!);
      sendJson(ctx.res, 200, {
        attributes: { type: def.name, url: `/services/data/v${version}/sobjects/${def.name}/${ids[0]}` },
        ...rec
      });
      return;
    }
    case 'DELETE': {
      if (!ids.length) throw notFound('The requested resource does not exist');
      const record = { attributes: { type: def.name }, Id: ids[0] };
      if (firesTriggers(ctx, [def.name]))
        return whenWritten(writeWithTriggers(ctx, { op: 'delete', records: [record], allOrNone: true }), ([r]) => {
          if (!r.success) throw rowError(r);
          ctx.res.writeHead(204).end();
        });
      store.transaction(() => store.delete(def.name, ids[0]!));
      ctx.res.writeHead(204).end();
      return;
    }
    case 'PATCH':
      return upsert(ctx, def, version, fieldName, value, ids);
    default:
      throw new SalesforceError(
        'METHOD_NOT_ALLOWED',
        `HTTP Method '${ctx.method}' not allowed. Allowed are GET,PATCH,DELETE`,
        [],
        405
      );
  }
}

function upsert(
  ctx: RequestContext,
  def: ObjectDef,
  version: string,
  fieldName: string,
  value: string,
  ids: string[]
): void | Promise<void> {
  if (ids.length > 1) return multipleChoices(ctx, def, version, ids);
  const body = recordBody(ctx);
  const store = ctx.org.store;
  const field = store.schema.field(def.name, fieldName)!;
  // "Do not specify Id or an external ID field in the request body or an error is generated."
  const repeated = Object.keys(body).find(
    (k) => k.toLowerCase() === 'id' || k.toLowerCase() === field.name.toLowerCase()
  );
  if (repeated)
    throw new SalesforceError(
      'INVALID_FIELD_FOR_INSERT_UPDATE',
      `${repeated} is given in the URL of an upsert by external ID: remove it from the request body`,
      [repeated]
    );
  const existing = ids[0];
  if (!existing && ctx.url.searchParams.get('updateOnly') === 'true')
    throw notFound('The requested resource does not exist');
  const withCreated = Number(version) >= 46;
  const answer = (id: string, created: boolean): void => {
    if (created) sendJson(ctx.res, 201, { id, success: true, errors: [], ...(withCreated ? { created: true } : {}) });
    else if (withCreated) sendJson(ctx.res, 200, { id, success: true, errors: [], created: false });
    else ctx.res.writeHead(204).end();
  };
  const values: ApiRecord = existing ? body : { ...body, ...(field.name === 'Id' ? {} : { [field.name]: value }) };
  if (firesTriggers(ctx, [def.name])) {
    const record = { ...values, attributes: { type: def.name }, ...(existing ? { Id: existing } : {}) };
    return whenWritten(
      writeWithTriggers(ctx, { op: existing ? 'update' : 'insert', records: [record], allOrNone: true }),
      ([r]) => {
        if (!r.success) throw rowError(r);
        answer(existing ?? String(r.id), !existing);
      }
    );
  }
  if (existing) {
    store.transaction(() => store.update(def.name, existing, values));
    return answer(existing, false);
  }
  const id = store.transaction(() => store.insert(def.name, values));
  answer(id, true);
}
