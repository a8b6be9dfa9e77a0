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
import { firesTriggers, whenWritten, writeWithTriggers } from './triggered-writes.js';

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

export function runCollection(ctx: RequestContext): void | Promise<void> {
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
  const typeOf = (item: ApiRecord | string): string | undefined =>
    typeof item === 'string'
      ? store.schema.byKeyPrefix(item.slice(0, 3))?.name
      : typeof item === 'object' && item !== null
        ? ((item.attributes as { type?: unknown } | undefined)?.type as string | undefined)
        : undefined;
  const types = items.map(typeOf).filter((t): t is string => typeof t === 'string');
  if (firesTriggers(ctx, types)) return writeCollection(ctx, items, allOrNone);
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
      const id = store.insert(type, rec);
      // A published event (no OPERATION_ENQUEUED in Collections results locally): its triggers get it.
      if (store.schema.get(type)?.platformEvent) ctx.org.onEventsPublished?.();
      return id;
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

/**
 * A collection whose object has active triggers: the write and the triggers run in one transaction of
 * the Apex runtime (triggered-writes.ts); records that are not well-formed fail without being sent.
 */
function writeCollection(ctx: RequestContext, items: ApiRecord[] | string[], allOrNone: boolean): void | Promise<void> {
  const store = ctx.org.store;
  const op = ctx.method === 'DELETE' ? 'delete' : ctx.method === 'POST' ? 'insert' : 'update';
  const results: (RecordResult | null)[] = [];
  const records: ApiRecord[] = [];
  const sent: number[] = [];
  const objects = new Set<string>();
  items.forEach((item, i) => {
    const fail = (statusCode: string, message: string, fields: string[] = []): void => {
      results.push({
        id: op === 'insert' ? null : typeof item === 'string' ? item : null,
        success: false,
        errors: [{ statusCode, message, fields }]
      });
    };
    if (typeof item === 'string') {
      const def = store.schema.byKeyPrefix(item.slice(0, 3));
      if (!def) return fail('MALFORMED_ID', `malformed id ${item}`);
      objects.add(def.name);
      results.push(null);
      records.push({ attributes: { type: def.name }, Id: item });
      sent.push(i);
      return;
    }
    if (typeof item !== 'object' || item === null || Array.isArray(item))
      return fail('JSON_PARSER_ERROR', 'each record must be a JSON object');
    const type = (item.attributes as { type?: unknown } | undefined)?.type;
    if (typeof type !== 'string')
      return fail('INVALID_FIELD', 'No SObject Type defined in the record: set attributes.type');
    if (op === 'insert' && item.Id !== undefined)
      return fail('INVALID_FIELD', 'cannot specify Id in an insert call', ['Id']);
    if (op === 'update' && typeof item.Id !== 'string')
      return fail('MISSING_ARGUMENT', 'Id not specified in an update call', ['Id']);
    const def = store.schema.get(type);
    objects.add(def?.name ?? type);
    results.push(null);
    records.push({ ...item, attributes: { type: def?.name ?? type } });
    sent.push(i);
  });
  if (objects.size > 1)
    throw new SalesforceError(
      'UNSUPPORTED_OPERATION',
      'not supported by the local runtime: an sObject Collections write of several object types when one of them has triggers',
      [],
      501
    );
  const finish = (written: RecordResult[]): void => {
    written.forEach((r, k) => (results[sent[k]] = r));
    const all = results as RecordResult[];
    if (allOrNone && all.some((r) => !r.success))
      for (const r of all)
        if (r.success) {
          r.success = false;
          if (op === 'insert') r.id = null;
          r.errors = [ROLLED_BACK];
        }
    sendJson(ctx.res, 200, all);
  };
  // allOrNone with a malformed record: nothing is written.
  if (!records.length || (allOrNone && results.some((r) => r !== null)))
    return finish(records.map((r) => ({ id: op === 'insert' ? null : String(r.Id), success: true, errors: [] })));
  return whenWritten(writeWithTriggers(ctx, { op, records, allOrNone }), (rows) =>
    finish(
      rows.map((r) => ({
        id: r.id,
        success: r.success,
        errors: r.errors.map((e) => ({ ...e, fields: [...e.fields] }))
      }))
    )
  );
}
