/**
 * sObject Tree create: POST /services/data/vNN.0/composite/tree/<Type> with `{records: [{attributes:
 * {type, referenceId}, …fields}]}`, up to 200 records, all or nothing. Answers 201
 * `{hasErrors: false, results: [{referenceId, id}]}` or 400 `{hasErrors: true, results: [{referenceId,
 * errors: [...]}]}`. Nested child records are not supported by the local org and are refused.
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobject_tree.htm
 */
import { SalesforceError, notFound } from '../store/errors.js';
import type { ApiRecord } from '../store/store.js';
import type { RequestContext } from './context.js';
import { parseJson, sendJson, methodNotAllowed } from './http-util.js';

class TreeFailed extends Error {}

export function runTree(ctx: RequestContext, typeName: string): void {
  const store = ctx.org.store;
  if (ctx.method !== 'POST') throw methodNotAllowed(ctx.method, 'POST');
  const def = store.schema.get(typeName);
  if (!def) throw notFound(`sObject type ${typeName} is not supported`);
  const body = parseJson(ctx.body) as { records?: unknown };
  if (typeof body !== 'object' || body === null || !Array.isArray(body.records))
    throw new SalesforceError(
      'JSON_PARSER_ERROR',
      'Expected {"records": [{"attributes": {"type", "referenceId"}, ...}]}'
    );
  const records = body.records as ApiRecord[];
  if (records.length > 200)
    throw new SalesforceError(
      'EXCEEDED_ID_LIMIT',
      'record limit reached. cannot submit more than 200 records into this call'
    );
  const results: {
    referenceId: string;
    id?: string;
    errors?: { statusCode: string; message: string; fields: string[] }[];
  }[] = [];
  try {
    store.transaction(() => {
      for (const rec of records) {
        const attrs = (typeof rec === 'object' && rec !== null ? rec.attributes : undefined) as
          { type?: unknown; referenceId?: unknown } | undefined;
        const referenceId = typeof attrs?.referenceId === 'string' ? attrs.referenceId : '';
        try {
          if (!referenceId)
            throw new SalesforceError(
              'INVALID_INPUT',
              'Include a reference ID for each record in the request (attributes.referenceId)'
            );
          if (typeof attrs?.type !== 'string' || attrs.type.toLowerCase() !== def.name.toLowerCase())
            throw new SalesforceError('INVALID_INPUT', `attributes.type must be ${def.name} for this resource`);
          const fields: ApiRecord = {};
          for (const [k, v] of Object.entries(rec)) {
            if (k === 'attributes') continue;
            if (v !== null && typeof v === 'object')
              throw new SalesforceError(
                'INVALID_INPUT',
                `nested child records (${k}) are not supported by the local org`,
                [k]
              );
            fields[k] = v;
          }
          results.push({ referenceId, id: store.transaction(() => store.insert(def.name, fields)) });
        } catch (e) {
          if (!(e instanceof SalesforceError)) throw e;
          results.push({ referenceId, errors: [{ statusCode: e.errorCode, message: e.message, fields: e.fields }] });
        }
      }
      if (results.some((r) => r.errors)) throw new TreeFailed();
    });
  } catch (e) {
    if (!(e instanceof TreeFailed)) throw e;
    sendJson(ctx.res, 400, { hasErrors: true, results: results.filter((r) => r.errors) });
    return;
  }
  sendJson(ctx.res, 201, { hasErrors: false, results });
}
