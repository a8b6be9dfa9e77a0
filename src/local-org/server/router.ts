/** Request routing: OAuth, REST (data, tooling, metadata deployRequest), SOAP (Metadata, Apex), control. */
import { handleSearch } from './search.js';
import { handleRunTests, handleTestToolingQuery } from './apex-tests-tooling.js';
import { handleCometd } from './cometd.js';
import { SalesforceError, notFound } from '../store/errors.js';
import { DAILY_API_REQUESTS, MAX_API_VERSION, MIN_API_VERSION, type RequestContext } from './context.js';
import { handleControl } from './control.js';
import { INVALID_SESSION, sendJson, methodNotAllowed } from './http-util.js';
import { bearer, handleOAuth, identity } from './oauth.js';
import { handleComposite, handleLimits, handleQuery, handleSObjects, resourcesFor } from './rest.js';
import { handleSoap, runAnonymous } from './soap.js';
import { handleDeployRequest } from './deploy-rest.js';
import { handleAuthCallback, handleNamedCredentials } from './named-credentials.js';

const LABELS: Record<number, string> = {
  66: "Spring '26",
  65: "Winter '26",
  64: "Summer '25",
  63: "Spring '25",
  62: "Winter '25"
};

function versions(): { label: string; url: string; version: string }[] {
  const out = [];
  for (let v = MIN_API_VERSION; v <= MAX_API_VERSION; v++)
    out.push({ label: LABELS[v] ?? `API ${v}.0`, url: `/services/data/v${v}.0`, version: `${v}.0` });
  return out;
}

/** Counts an authenticated data API request and reports usage as the platform does (Sforce-Limit-Info). */
function countApiRequest(ctx: RequestContext): void {
  const usage = ctx.org.apiUsage;
  const today = ctx.org.store.clock.today();
  if (usage.day !== today) Object.assign(usage, { day: today, count: 0 });
  usage.count += 1;
  ctx.res.setHeader('Sforce-Limit-Info', `api-usage=${usage.count}/${DAILY_API_REQUESTS}`);
}

function requireSession(ctx: RequestContext): string {
  const s = ctx.org.sessions.validateAccessToken(bearer(ctx));
  if (!s) throw INVALID_SESSION;
  return s.userId;
}

/**
 * Routes a request. Not `async`: the data API handlers run synchronously (so the Apex runtime's callouts
 * can dispatch into them in-process and read the answer at once); SOAP, deploys and OAuth callbacks
 * return a promise.
 */
export function route(ctx: RequestContext): void | Promise<void> {
  const parts = ctx.path.split('/').filter(Boolean);
  if (parts[0] === '__local') return handleControl(ctx, parts.slice(1).join('/'));
  if (ctx.org.console?.handles(ctx.path)) return ctx.org.console.handle(ctx);
  if (parts[0] === 'services' && parts[1] === 'oauth2' && parts.length === 3) return handleOAuth(ctx, parts[2]);
  if (parts[0] === 'id' && parts.length === 3) {
    const userId = requireSession(ctx);
    return sendJson(ctx.res, 200, identity(ctx, userId));
  }
  if (parts[0] === 'services' && parts[1] === 'Soap') return handleSoap(ctx, parts.slice(2));
  if (parts[0] === 'cometd' && parts.length >= 2) return handleCometd(ctx);
  if (parts[0] === 'services' && parts[1] === 'authcallback' && parts.length === 3 && ctx.method === 'GET')
    return handleAuthCallback(ctx, parts[2]);
  if (parts[0] !== 'services' || parts[1] !== 'data') throw notFound();
  if (parts.length === 2) {
    if (ctx.method !== 'GET') throw methodNotAllowed(ctx.method, 'GET,HEAD');
    return sendJson(ctx.res, 200, versions());
  }
  const vm = /^v(\d+)\.0$/.exec(parts[2]);
  if (!vm || Number(vm[1]) < MIN_API_VERSION || Number(vm[1]) > MAX_API_VERSION) throw notFound();
  const version = `${vm[1]}.0`;
  requireSession(ctx);
  countApiRequest(ctx);
  let rest = parts.slice(3);
  let tooling = false;
  if (rest[0] === 'tooling') {
    tooling = true;
    rest = rest.slice(1);
  }
  if (rest.length === 0) {
    if (ctx.method !== 'GET') throw methodNotAllowed(ctx.method, 'GET,HEAD');
    return sendJson(
      ctx.res,
      200,
      tooling
        ? { sobjects: `/services/data/v${version}/tooling/sobjects`, query: `/services/data/v${version}/tooling/query` }
        : resourcesFor(version)
    );
  }
  const [head, ...tail] = rest;
  switch (head) {
    case 'query':
    case 'queryAll':
      if (tail.length > 1) throw notFound();
      if (tooling && !tail[0] && ctx.method === 'GET' && handleTestToolingQuery(ctx)) return;
      return handleQuery(ctx, version, head, tooling, tail[0]);
    case 'runTestsSynchronous':
    case 'runTestsAsynchronous':
      if (!tooling || ctx.method !== 'POST' || tail.length) break;
      return handleRunTests(ctx, head);
    case 'sobjects':
      return handleSObjects(ctx, version, tail, tooling);
    case 'search':
      if (tooling || tail.length) break;
      return handleSearch(ctx, version);
    case 'limits':
      if (tooling) break;
      return handleLimits(ctx);
    case 'composite':
      if (tooling) break;
      return handleComposite(ctx, tail);
    case 'executeAnonymous': {
      // Tooling REST: GET /tooling/executeAnonymous?anonymousBody=… (what jsforce's tooling.executeAnonymous calls).
      if (!tooling || ctx.method !== 'GET') break;
      const body = ctx.url.searchParams.get('anonymousBody');
      if (body === null)
        throw new SalesforceError('MISSING_ARGUMENT', 'anonymousBody: the Apex code to execute is required');
      return runAnonymous(ctx, body, bearer(ctx) ?? null).then((r) => sendJson(ctx.res, 200, r.result));
    }
    case 'named-credentials':
      if (tooling) break;
      return handleNamedCredentials(ctx, tail);
    case 'metadata':
      if (tooling || tail[0] !== 'deployRequest') break;
      return handleDeployRequest(ctx, tail.slice(1));
  }
  throw notFound();
}
