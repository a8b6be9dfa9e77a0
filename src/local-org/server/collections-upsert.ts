/**
 * sObject Collections upsert: PATCH /composite/sobjects/<Type>/<ExternalIdField> with
 * `{ allOrNone, records }` (at most 200, each carrying the external ID field): a record whose value matches
 * no record is inserted, one match is updated, several are the record's `DUPLICATE_EXTERNAL_ID` error; each
 * result has `created` (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections_upsert.htm).
 * With allOrNone a failure rolls every record back. Objects with active triggers: the write and its
 * triggers run as one upsert in the Apex runtime (matched records carry their Id).
 */
import { SalesforceError, notFound } from '../store/errors.js';
import type { FieldDef, ObjectDef } from '../store/schema.js';
import type { ApiRecord } from '../store/store.js';
import type { RequestContext } from './context.js';
import { externalIdField, idsWithValue } from './external-id.js';
import { methodNotAllowed, parseJson, sendJson } from './http-util.js';
import { firesTriggers, whenWritten, writeWithTriggers } from './triggered-writes.js';

interface UpsertResult {
  id: string | null;
  success: boolean;
  errors: { statusCode: string; message: string; fields: string[] }[];
  created: boolean;
}

const ROLLED_BACK = {
  statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
  message: 'Record rolled back because not all records were valid and the request was using AllOrNone header',
  fields: [] as string[]
};

class RolledBack extends Error {}

/** A record's plan: its fields and the Id of the one record its external ID matches (undefined: insert). */
interface Planned {
  values: ApiRecord;
  existing?: string;
}

function plan(ctx: RequestContext, def: ObjectDef, field: FieldDef, rec: unknown): Planned | SalesforceError {
  if (typeof rec !== 'object' || rec === null || Array.isArray(rec))
    return new SalesforceError('JSON_PARSER_ERROR', 'each record must be a JSON object');
  const r = rec as ApiRecord;
  const type = (r.attributes as { type?: unknown } | undefined)?.type;
  if (typeof type !== 'string' || type.toLowerCase() !== def.name.toLowerCase())
    return new SalesforceError('INVALID_FIELD', `Each record must have attributes.type ${def.name}`);
  const key = Object.keys(r).find((k) => k.toLowerCase() === field.name.toLowerCase());
  const value = key ? r[key] : undefined;
  if (value === undefined || value === null || value === '')
    return new SalesforceError('MISSING_ARGUMENT', `${field.name} not specified`, [field.name]);
  const ids = idsWithValue(ctx.org.store, def, field, value);
  if (ids.length > 1)
    return new SalesforceError(
      'DUPLICATE_EXTERNAL_ID',
      `${field.label}: more than one record found for external id field: [${ids.join(', ')}]`,
      [field.name]
    );
  const { attributes: _a, ...values } = r;
  return { values, existing: ids[0] };
}

const failed = (e: SalesforceError): UpsertResult => ({
  id: null,
  success: false,
  errors: [{ statusCode: e.errorCode, message: e.message, fields: [...e.fields] }],
  created: false
});

function rollBack(results: UpsertResult[]): void {
  for (const r of results)
    if (r.success) {
      r.success = false;
      if (r.created) r.id = null;
      r.errors = [ROLLED_BACK];
    }
}

export function runCollectionUpsert(ctx: RequestContext, typeName: string, fieldName: string): void | Promise<void> {
  if (ctx.method !== 'PATCH') throw methodNotAllowed(ctx.method, 'PATCH');
  const store = ctx.org.store;
  const def = store.schema.get(typeName);
  if (!def) throw notFound('The requested resource does not exist');
  const field = externalIdField(store, def, fieldName);
  const body = parseJson(ctx.body) as { allOrNone?: unknown; records?: unknown };
  if (typeof body !== 'object' || body === null || !Array.isArray(body.records))
    throw new SalesforceError('JSON_PARSER_ERROR', 'Expected {"allOrNone": boolean, "records": [...]}');
  if (body.records.length > 200)
    throw new SalesforceError(
      'EXCEEDED_ID_LIMIT',
      'record limit reached. cannot submit more than 200 records into this call'
    );
  const allOrNone = body.allOrNone === true;
  const plans = body.records.map((r) => plan(ctx, def, field, r));
  if (firesTriggers(ctx, [def.name])) return upsertWithTriggers(ctx, def, plans, allOrNone);
  const results: UpsertResult[] = [];
  try {
    store.transaction(() => {
      for (const p of plans) {
        if (p instanceof SalesforceError) {
          results.push(failed(p));
          continue;
        }
        try {
          const id = store.transaction(() => {
            if (p.existing) store.update(def.name, p.existing, p.values);
            return p.existing ?? store.insert(def.name, p.values);
          });
          results.push({ id, success: true, errors: [], created: !p.existing });
        } catch (e) {
          if (!(e instanceof SalesforceError)) throw e;
          results.push({ ...failed(e), id: p.existing ?? null });
        }
      }
      if (allOrNone && results.some((r) => !r.success)) throw new RolledBack();
    });
  } catch (e) {
    if (!(e instanceof RolledBack)) throw e;
    rollBack(results);
  }
  sendJson(ctx.res, 200, results);
}

function upsertWithTriggers(
  ctx: RequestContext,
  def: ObjectDef,
  plans: (Planned | SalesforceError)[],
  allOrNone: boolean
): void | Promise<void> {
  const results: (UpsertResult | null)[] = plans.map((p) => (p instanceof SalesforceError ? failed(p) : null));
  const sent = plans.flatMap((p, i) => (p instanceof SalesforceError ? [] : [{ p, i }]));
  const finish = (): void => {
    const all = results as UpsertResult[];
    if (allOrNone && all.some((r) => !r.success)) rollBack(all);
    sendJson(ctx.res, 200, all);
  };
  if (!sent.length || (allOrNone && results.some((r) => r !== null))) {
    for (const { p, i } of sent)
      results[i] = { id: p.existing ?? null, success: true, errors: [], created: !p.existing };
    return finish();
  }
  const records = sent.map(({ p }) => ({
    ...p.values,
    attributes: { type: def.name },
    ...(p.existing ? { Id: p.existing } : {})
  }));
  return whenWritten(writeWithTriggers(ctx, { op: 'upsert', records, allOrNone }), (rows) => {
    rows.forEach((r, k) => {
      const { p, i } = sent[k]!;
      results[i] = {
        id: r.id,
        success: r.success,
        errors: r.errors.map((e) => ({ ...e, fields: [...e.fields] })),
        created: r.success && !p.existing
      };
    });
    finish();
  });
}
