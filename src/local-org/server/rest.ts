/** REST data API under /services/data/vNN.0: sobjects, describe, CRUD, collections, query, limits. */
import { SalesforceError, notFound } from '../store/errors.js';
import { isId } from '../store/ids.js';
import { runSoql, type SoqlResult } from '../store/soql/query.js';
import type { ApiRecord } from '../store/store.js';
import { DAILY_API_REQUESTS, type RequestContext } from './context.js';
import { basicInfo, describeGlobal, describeSObject } from './describe.js';
import { parseJson, sendJson, methodNotAllowed } from './http-util.js';
import { runCollection } from './collections.js';
import { runCollectionUpsert } from './collections-upsert.js';
import { runTree } from './tree.js';
import { handleExternalId } from './external-id.js';
import { firesTriggers, rowError, whenWritten, writeWithTriggers } from './triggered-writes.js';

const sobjectMethodNotAllowed = (method: string): SalesforceError =>
  methodNotAllowed(method, 'GET,HEAD,POST,PATCH,DELETE');

export function resourcesFor(version: string): Record<string, string> {
  const b = `/services/data/v${version}`;
  return {
    tooling: `${b}/tooling`,
    metadata: `${b}/metadata`,
    query: `${b}/query`,
    queryAll: `${b}/queryAll`,
    search: `${b}/search`,
    sobjects: `${b}/sobjects`,
    composite: `${b}/composite`,
    limits: `${b}/limits`
  };
}

function columnMetadata(result: SoqlResult): Record<string, unknown> {
  const col = (name: string, displayName: string, aggregate: boolean, join: unknown[] = []) => ({
    aggregate,
    apexType: null,
    booleanType: false,
    columnName: name,
    custom: name.endsWith('__c'),
    displayName,
    foreignKeyName: null,
    insertable: false,
    joinColumns: join,
    numberType: false,
    textType: false,
    updatable: false
  });
  const columns: Record<string, unknown>[] = [];
  const byRel = new Map<string, unknown[]>();
  for (const c of result.columns) {
    if (c.relationship && !result.aggregate) {
      let join = byRel.get(c.relationship);
      if (!join) {
        join = [];
        byRel.set(c.relationship, join);
        columns.push(col(c.relationship, c.relationship, false, join));
      }
      join.push(col(c.key, c.displayName, false));
    } else {
      columns.push(col(c.key, c.aggregate ? c.displayName : c.key, c.aggregate));
    }
  }
  return {
    columnMetadata: columns,
    entityName: result.entityName,
    groupBy: result.aggregate,
    idSelected: result.columns.some((c) => c.key === 'Id' && !c.relationship),
    keyPrefix: result.keyPrefix
  };
}

function batchSize(ctx: RequestContext): number {
  const m = /batchSize=(\d+)/i.exec(String(ctx.req.headers['sforce-query-options'] ?? ''));
  return m ? Math.min(2000, Math.max(200, Number(m[1]))) : 2000;
}

/** GET query / queryAll (and the tooling query), with paging and `columns=true`. */
export function handleQuery(
  ctx: RequestContext,
  version: string,
  kind: 'query' | 'queryAll',
  tooling: boolean,
  locator?: string
): void {
  const base = `/services/data/v${version}${tooling ? '/tooling' : ''}/${kind}`;
  if (ctx.method !== 'GET') throw sobjectMethodNotAllowed(ctx.method);
  if (locator) {
    const page = ctx.org.cursors.page(locator, base);
    if (!page) throw new SalesforceError('INVALID_QUERY_LOCATOR', 'invalid query locator', [], 400);
    sendJson(ctx.res, 200, page);
    return;
  }
  const q = ctx.url.searchParams.get('q');
  if (q === null) throw new SalesforceError('MALFORMED_QUERY', 'A query string has to be specified', [], 400);
  const result = runSoql(ctx.org.store, q, { includeDeleted: kind === 'queryAll', apiVersion: version });
  if (ctx.url.searchParams.get('columns') === 'true') {
    sendJson(ctx.res, 200, columnMetadata(result));
    return;
  }
  const page = ctx.org.cursors.firstPage(result.records, batchSize(ctx), base);
  const body: Record<string, unknown> = { totalSize: result.totalSize, done: page.done };
  if (page.nextRecordsUrl) body.nextRecordsUrl = page.nextRecordsUrl;
  if (tooling)
    Object.assign(body, {
      size: result.totalSize,
      queryLocator: null,
      entityTypeName: result.aggregate ? 'AggregateResult' : result.entityName
    });
  body.records = page.records;
  sendJson(ctx.res, 200, body);
}

/** Everything under /sobjects. */
export function handleSObjects(
  ctx: RequestContext,
  version: string,
  rest: string[],
  tooling: boolean
): void | Promise<void> {
  const store = ctx.org.store;
  if (rest.length === 0) {
    if (ctx.method !== 'GET') throw sobjectMethodNotAllowed(ctx.method);
    sendJson(ctx.res, 200, describeGlobal(store, version, tooling));
    return;
  }
  const def = store.schema.get(rest[0]);
  if (!def) throw notFound('The requested resource does not exist');
  if (rest.length === 1) {
    if (ctx.method === 'GET') sendJson(ctx.res, 200, basicInfo(store, def, version));
    else if (ctx.method === 'POST') {
      const body = parseJson(ctx.body);
      if (typeof body !== 'object' || body === null || Array.isArray(body))
        throw new SalesforceError('JSON_PARSER_ERROR', 'Expected a JSON object with the record fields');
      if (!tooling && firesTriggers(ctx, [def.name]))
        return whenWritten(
          writeWithTriggers(ctx, {
            op: 'insert',
            records: [{ ...(body as ApiRecord), attributes: { type: def.name } }],
            allOrNone: true
          }),
          ([r]) => {
            if (!r.success) throw rowError(r);
            sendJson(ctx.res, 201, { id: r.id, success: true, errors: [] });
          }
        );
      const id = store.transaction(() => store.insert(def.name, body as ApiRecord));
      if (def.platformEvent) {
        // A published event: its SaveResult carries OPERATION_ENQUEUED with the EventUuid, and the Apex
        // runtime delivers it to the event's triggers ("Match a Publish Result with the Event Published").
        ctx.org.onEventsPublished?.();
        const uuid = String(store.row(def.name, id)?.EventUuid ?? '');
        sendJson(ctx.res, 201, {
          id,
          success: true,
          errors: [{ statusCode: 'OPERATION_ENQUEUED', message: uuid, fields: [] }]
        });
        return;
      }
      sendJson(ctx.res, 201, { id, success: true, errors: [] });
    } else throw sobjectMethodNotAllowed(ctx.method);
    return;
  }
  if (rest.length === 2 && rest[1] === 'describe') {
    if (ctx.method !== 'GET') throw sobjectMethodNotAllowed(ctx.method);
    sendJson(ctx.res, 200, describeSObject(store, def, version));
    return;
  }
  if (rest.length === 3 && rest[2] === 'Body' && def.name === 'ApexLog') {
    // GET …/sobjects/ApexLog/<id>/Body: the raw log text (Tooling API ApexLog page).
    if (ctx.method !== 'GET') throw sobjectMethodNotAllowed(ctx.method);
    const body = isId(rest[1]) ? ctx.org.debugLogs.body(rest[1]) : undefined;
    if (body === undefined) throw notFound('The requested resource does not exist');
    ctx.res.writeHead(200, { 'Content-Type': 'text/plain; charset=UTF-8' }).end(body);
    return;
  }
  if (rest.length === 3 && !tooling) return handleExternalId(ctx, def, version, rest[1]!, rest[2]!);
  if (rest.length !== 2) throw notFound();
  const id = rest[1];
  // `/sobjects/<Type>/<Field>` without a value, or a value that is not an Id: no record.
  if (!isId(id)) throw notFound(`Provided external ID field does not exist or is not accessible: ${id}`);
  const exists = (): void => {
    if (!store.row(def.name, id)) throw notFound('The requested resource does not exist');
  };
  switch (ctx.method) {
    case 'GET': {
      const fields = ctx.url.searchParams
        .get('fields')
        ?.split(',')
        .map((f) => f.trim())
        .filter(Boolean);
      exists();
      const rec = store.retrieve(def.name, id, fields);
      sendJson(ctx.res, 200, {
        attributes: { type: def.name, url: `/services/data/v${version}/sobjects/${def.name}/${String(rec.Id ?? id)}` },
        ...rec
      });
      return;
    }
    case 'PATCH': {
      const body = parseJson(ctx.body);
      if (typeof body !== 'object' || body === null || Array.isArray(body))
        throw new SalesforceError('JSON_PARSER_ERROR', 'Expected a JSON object with the record fields');
      exists();
      if (!tooling && firesTriggers(ctx, [def.name]))
        return writeOne(ctx, 'update', { ...(body as ApiRecord), attributes: { type: def.name }, Id: id });
      store.transaction(() => store.update(def.name, id, body as ApiRecord));
      ctx.res.writeHead(204).end();
      return;
    }
    case 'DELETE':
      exists();
      if (!tooling && firesTriggers(ctx, [def.name]))
        return writeOne(ctx, 'delete', { attributes: { type: def.name }, Id: id });
      store.transaction(() => store.delete(def.name, id));
      ctx.res.writeHead(204).end();
      return;
    default:
      throw sobjectMethodNotAllowed(ctx.method);
  }
}

/** PATCH or DELETE of one record whose object has triggers: 204, or the row's error. */
function writeOne(ctx: RequestContext, op: 'update' | 'delete', record: ApiRecord): void | Promise<void> {
  return whenWritten(writeWithTriggers(ctx, { op, records: [record], allOrNone: true }), ([r]) => {
    if (!r.success) throw rowError(r);
    ctx.res.writeHead(204).end();
  });
}

export function handleLimits(ctx: RequestContext): void {
  const limit = (max: number) => ({ Max: max, Remaining: max });
  sendJson(ctx.res, 200, {
    DailyApiRequests: { Max: DAILY_API_REQUESTS, Remaining: Math.max(0, DAILY_API_REQUESTS - ctx.org.apiUsage.count) },
    DailyAsyncApexExecutions: limit(250000),
    DailyBulkApiBatches: limit(15000),
    DataStorageMB: limit(5),
    FileStorageMB: limit(20),
    SingleEmail: limit(15)
  });
}

export function handleComposite(ctx: RequestContext, rest: string[]): void | Promise<void> {
  if (rest[0] === 'sobjects' && rest.length === 1) return runCollection(ctx);
  if (rest[0] === 'sobjects' && rest.length === 3) return runCollectionUpsert(ctx, rest[1]!, rest[2]!);
  if (rest[0] === 'sobjects' && rest.length === 2 && ctx.method === 'GET') {
    // Collections retrieve: GET /composite/sobjects/<Type>?ids=…&fields=… → records in ids order, null when missing.
    const store = ctx.org.store;
    const def = store.schema.get(rest[1]);
    if (!def) throw notFound('The requested resource does not exist');
    const ids = (ctx.url.searchParams.get('ids') ?? '').split(',').filter(Boolean);
    const fields = (ctx.url.searchParams.get('fields') ?? '')
      .split(',')
      .map((f) => f.trim())
      .filter(Boolean);
    if (ids.length === 0 || fields.length === 0)
      throw new SalesforceError('MISSING_ARGUMENT', 'ids and fields are required');
    if (ids.length > 2000)
      throw new SalesforceError(
        'EXCEEDED_ID_LIMIT',
        'record limit reached. cannot submit more than 2000 records into this call'
      );
    sendJson(
      ctx.res,
      200,
      ids.map((id) => {
        if (!isId(id) || !store.row(def.name, id)) return null;
        const rec = store.retrieve(def.name, id, fields);
        return {
          attributes: {
            type: def.name,
            url: `/services/data/v${ctx.path.split('/')[3]?.slice(1)}/sobjects/${def.name}/${id}`
          },
          ...rec
        };
      })
    );
    return;
  }
  if (rest[0] === 'tree' && rest.length === 2) return runTree(ctx, rest[1]);
  throw notFound('composite resources other than sobjects and tree are not supported by the local org');
}
