/**
 * sObject Collections: POST (create), PATCH (update), DELETE (?ids=) on /composite/sobjects, up to 200
 * records, with allOrNone. Each record runs in its own savepoint inside one request transaction; with
 * allOrNone the whole transaction is rolled back when any record fails.
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections.htm
 */
import { SalesforceError } from '../store/errors.js';
import type { ApiRecord } from '../store/store.js';
import type { RequestContext } from './context.js';
import { parseJson, sendJson, methodNotAllowed } from './http-util.js';

interface RecordResult {
  id: string | null;
  success: boolean;
  errors: { statusCode: string; message: string; fields: string[] }[];
}

class RolledBack extends Error {}

const ROLLED_BACK = {
  statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
  message: 'Record rolled back because not all records were valid and the request was using AllOrNone header',
  fields: [] as string[]
};

export function runCollection(ctx: RequestContext): void {
  const store = ctx.org.store;
  let allOrNone = false;
  let items: ApiRecord[] | string[];
  if (ctx.method === 'DELETE') {
    items = (ctx.url.searchParams.get('ids') ?? '').split(',').filter(Boolean);
    allOrNone = ctx.url.searchParams.get('allOrNone') === 'true';
  } else if (ctx.method === 'POST' || ctx.method === 'PATCH') {
    const body = parseJson(ctx.body) as { allOrNone?: unknown; records?: unknown };
    if (typeof body !== 'object' || body === null || !Array.isArray(body.records))
      throw new SalesforceError('JSON_PARSER_ERROR', 'Expected {"allOrNone": boolean, "records": [...]}');
    allOrNone = body.allOrNone === true;
    items = body.records as ApiRecord[];
  } else {
    throw methodNotAllowed(ctx.method, 'POST,PATCH,DELETE');
  }
  if (items.length > 200)
    throw new SalesforceError(
      'EXCEEDED_ID_LIMIT',
      'record limit reached. cannot submit more than 200 records into this call'
    );
  const results: RecordResult[] = [];
  const one = (item: ApiRecord | string): string => {
    if (ctx.method === 'DELETE') {
      const id = item as string;
      const def = store.schema.byKeyPrefix(id.slice(0, 3));
      if (!def) throw new SalesforceError('MALFORMED_ID', `malformed id ${id}`, []);
      store.delete(def.name, id);
      return id;
    }
    const rec = item as ApiRecord;
    if (typeof rec !== 'object' || rec === null || Array.isArray(rec))
      throw new SalesforceError('JSON_PARSER_ERROR', 'each record must be a JSON object');
    const type = (rec.attributes as { type?: unknown } | undefined)?.type;
    if (typeof type !== 'string')
      throw new SalesforceError('INVALID_FIELD', 'No SObject Type defined in the record: set attributes.type');
    if (ctx.method === 'POST') {
      if (rec.Id !== undefined)
        throw new SalesforceError('INVALID_FIELD', 'cannot specify Id in an insert call', ['Id']);
      return store.insert(type, rec);
    }
    if (typeof rec.Id !== 'string')
      throw new SalesforceError('MISSING_ARGUMENT', 'Id not specified in an update call', ['Id']);
    store.update(type, rec.Id, rec);
    return rec.Id;
  };
  try {
    store.transaction(() => {
      for (const item of items) {
        try {
          const id = store.transaction(() => one(item));
          results.push({ id, success: true, errors: [] });
        } catch (e) {
          if (!(e instanceof SalesforceError)) throw e;
          const id =
            ctx.method === 'POST'
              ? null
              : typeof item === 'string'
                ? item
                : typeof (item as ApiRecord)?.Id === 'string'
                  ? ((item as ApiRecord).Id as string)
                  : null;
          results.push({
            id,
            success: false,
            errors: [{ statusCode: e.errorCode, message: e.message, fields: e.fields }]
          });
        }
      }
      if (allOrNone && results.some((r) => !r.success)) throw new RolledBack();
    });
  } catch (e) {
    if (!(e instanceof RolledBack)) throw e;
    for (const r of results) {
      if (r.success) {
        r.success = false;
        if (ctx.method === 'POST') r.id = null;
        r.errors = [ROLLED_BACK];
      }
    }
  }
  sendJson(ctx.res, 200, results);
}
