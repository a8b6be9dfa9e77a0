/**
 * GET /services/data/vNN.0/search?q=<SOSL>: the matching records of every RETURNING object, flattened
 * into `searchRecords` in RETURNING order ("Search", REST API Developer Guide,
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_search.htm).
 */
import { SalesforceError } from '../store/errors.js';
import { runSosl } from '../store/sosl/search.js';
import type { RequestContext } from './context.js';
import { methodNotAllowed, sendJson } from './http-util.js';

export function handleSearch(ctx: RequestContext, version: string): void {
  if (ctx.method !== 'GET') throw methodNotAllowed(ctx.method, 'GET,HEAD');
  const q = ctx.url.searchParams.get('q');
  if (q === null || q.trim() === '')
    throw new SalesforceError('MALFORMED_SEARCH', 'A search string has to be specified in the q parameter', [], 400);
  const results = runSosl(ctx.org.store, q, { apiVersion: version });
  sendJson(ctx.res, 200, { searchRecords: results.flatMap((r) => r.records) });
}
