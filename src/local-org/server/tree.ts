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
import { firesTriggers, whenWritten, writeWithTriggers } from './triggered-writes.js';

class TreeFailed extends Error {}

interface TreeResult {
  referenceId: string;
  id?: string;
  errors?: { statusCode: string; message: string; fields: string[] }[];
}

/** The record's fields, or the reason the tree refuses it (no reference id, another type, nested children). */
function treeFields(
  rec: ApiRecord,
  type: string
): { referenceId: string; fields?: ApiRecord; error?: SalesforceError } {
  const attrs = (typeof rec === 'object' && rec !== null ? rec.attributes : undefined) as
    { type?: unknown; referenceId?: unknown } | undefined;
  const referenceId = typeof attrs?.referenceId === 'string' ? attrs.referenceId : '';
  if (!referenceId)
    return {
      referenceId,
      error: new SalesforceError(
        'INVALID_INPUT',
        'Include a reference ID for each record in the request (attributes.referenceId)'
      )
    };
  if (typeof attrs?.type !== 'string' || attrs.type.toLowerCase() !== type.toLowerCase())
    return {
      referenceId,
      error: new SalesforceError('INVALID_INPUT', `attributes.type must be ${type} for this resource`)
    };
  const fields: ApiRecord = {};
  for (const [k, v] of Object.entries(rec)) {
    if (k === 'attributes') continue;
    if (v !== null && typeof v === 'object')
      return {
        referenceId,
        error: new SalesforceError('INVALID_INPUT', `nested child records (${k}) are not supported by the local org`, [
          k
        ])
      };
    fields[k] = v;
  }
  return { referenceId, fields };
}

/** A tree on an object with active triggers: all or nothing, the inserts and triggers in one Apex transaction. */
function treeWithTriggers(ctx: RequestContext, type: string, records: ApiRecord[]): void | Promise<void> {
  const parsed = records.map((r) => treeFields(r, type));
  const refused = parsed.filter((p) => p.error);
  if (refused.length) {
    sendJson(ctx.res, 400, {
      hasErrors: true,
      results: refused.map((p) => ({
        referenceId: p.referenceId,
        errors: [{ statusCode: p.error!.errorCode, message: p.error!.message, fields: p.error!.fields }]
      }))
    });
    return;
  }
  const write = writeWithTriggers(ctx, {
    op: 'insert',
    records: parsed.map((p) => ({ ...p.fields, attributes: { type } })),
    allOrNone: true
  });
  return whenWritten(write, (rows) => {
    const failed = rows.map((r, i) => ({ r, i })).filter(({ r }) => !r.success);
    if (failed.length) {
      sendJson(ctx.res, 400, {
        hasErrors: true,
        results: failed.map(({ r, i }) => ({
          referenceId: parsed[i].referenceId,
          errors: r.errors.map((e) => ({ ...e, fields: [...e.fields] }))
        }))
      });
      return;
    }
    sendJson(ctx.res, 201, {
      hasErrors: false,
      results: rows.map((r, i) => ({ referenceId: parsed[i].referenceId, id: r.id }))
    });
  });
}

export function runTree(ctx: RequestContext, typeName: string): void | Promise<void> {
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
  const results: TreeResult[] = [];
  if (firesTriggers(ctx, [def.name])) return treeWithTriggers(ctx, def.name, records);
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
