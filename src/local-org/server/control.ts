/**
 * The control API for tests, under /__local (unauthenticated: the server binds to loopback unless
 * told otherwise). See docs/local-org.md for every route.
 */
import { orgTypeOf, reseed } from '../store/index.js';
import { SalesforceError } from '../store/errors.js';
import type { SeedSpec } from '../store/seed.js';
import type { RequestContext } from './context.js';
import { FaultSpecError, type FaultSpec } from './faults.js';
import { clearDescribeOverrides, listDescribeOverrides, setDescribeOverride } from '../store/describe-overrides.js';
import { parseJson, sendJson } from './http-util.js';
import { handleFixturesControl } from '../org/fixtures/index.js';

function status(ctx: RequestContext): Record<string, unknown> {
  const { store } = ctx.org;
  return {
    instanceUrl: ctx.org.instanceUrl,
    orgId: store.orgId,
    userId: store.userId,
    username: store.getMeta('username'),
    now: store.clock.now().toISOString(),
    today: store.clock.today(),
    timeZone: store.clock.timeZone,
    orgType: orgTypeOf(store)
  };
}

function objectBody(ctx: RequestContext): Record<string, unknown> {
  if (ctx.body.length === 0) return {};
  const body = parseJson(ctx.body);
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new SalesforceError('JSON_PARSER_ERROR', 'expected a JSON object');
  return body as Record<string, unknown>;
}

export function handleControl(ctx: RequestContext, route: string): void {
  const { store, sessions, faults, cursors } = ctx.org;
  const key = `${ctx.method} ${route}`;
  if (route === 'fixtures' || route.startsWith('fixtures/')) return handleFixturesControl(ctx, route);
  switch (key) {
    case 'GET status':
      return sendJson(ctx.res, 200, status(ctx));
    case 'POST reset':
    case 'POST seed': {
      const body = objectBody(ctx);
      const seed = key === 'POST seed' ? (body as SeedSpec) : undefined;
      store.transaction(() => reseed(store, seed));
      sessions.clear();
      cursors.clear();
      faults.clear();
      ctx.org.deploys.clear();
      ctx.org.retrieves.clear();
      return sendJson(ctx.res, 200, { ...status(ctx), accessToken: sessions.issueAccessToken() });
    }
    case 'POST clock': {
      const body = objectBody(ctx);
      if (typeof body.timeZone === 'string') {
        try {
          new Intl.DateTimeFormat('en-US', { timeZone: body.timeZone });
        } catch {
          throw new SalesforceError('INVALID_INPUT', `unknown time zone ${body.timeZone}`);
        }
        store.clock.timeZone = body.timeZone;
        store.setMeta('timeZone', body.timeZone);
      }
      if (body.set !== undefined) {
        if (typeof body.set !== 'string' || Number.isNaN(Date.parse(body.set)))
          throw new SalesforceError('INVALID_INPUT', 'set must be an ISO 8601 date-time');
        store.clock.set(body.set, body.freeze === true);
      }
      const ms = (Number(body.advanceMs) || 0) + (Number(body.advanceDays) || 0) * 86_400_000;
      if (ms !== 0) store.clock.advance(ms);
      ctx.org.onClockChange?.();
      return sendJson(ctx.res, 200, status(ctx));
    }
    case 'POST revoke': {
      const body = objectBody(ctx);
      const kind = body.kind === 'refresh' || body.kind === 'all' ? body.kind : 'access';
      const n = sessions.revoke(typeof body.token === 'string' ? { token: body.token } : { kind });
      return sendJson(ctx.res, 200, { revoked: n });
    }
    case 'POST token':
      return sendJson(ctx.res, 200, {
        accessToken: sessions.issueAccessToken(),
        refreshToken: sessions.issueRefreshToken()
      });
    case 'POST faults':
      try {
        faults.add(objectBody(ctx) as unknown as FaultSpec);
      } catch (e) {
        if (e instanceof FaultSpecError) throw new SalesforceError('INVALID_INPUT', e.message);
        throw e;
      }
      return sendJson(ctx.res, 201, { faults: faults.list() });
    case 'GET faults':
      return sendJson(ctx.res, 200, { faults: faults.list() });
    case 'DELETE faults':
      faults.clear();
      return sendJson(ctx.res, 200, { faults: [] });
    case 'POST describe-overrides':
      setDescribeOverride(store, objectBody(ctx));
      return sendJson(ctx.res, 201, { overrides: listDescribeOverrides(store) });
    case 'GET describe-overrides':
      return sendJson(ctx.res, 200, { overrides: listDescribeOverrides(store) });
    case 'DELETE describe-overrides':
      clearDescribeOverrides(store);
      return sendJson(ctx.res, 200, { overrides: [] });
    default:
      throw new SalesforceError('NOT_FOUND', `no control route ${key}; see docs/local-org.md`, [], 404);
  }
}
