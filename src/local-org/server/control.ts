/**
 * The control API for tests, under /__local. See docs/local-org.md for every route. Closed as an org's
 * own admin surfaces are: every request needs the secret printed at start (`X-Local-Org-Secret`) or an
 * admin user's access token; requests with a body must be JSON; a Host or Origin header that is not the
 * local org's own is refused (a web page in the developer's browser can neither forge a request —
 * cross-site request forgery — nor reach the port through a rebound DNS name). A `--data-dir` org's data
 * is dropped only with `"dropData": true`. A request that fails changes nothing.
 */
import { timingSafeEqual } from 'node:crypto';
import { orgTypeOf, reseed, SeedSpecError, validateSeedSpec } from '../store/index.js';
import { SalesforceError } from '../store/errors.js';
import { parseIsoDateTime, isDateTimeInRange } from '../store/dates.js';
import type { SeedSpec } from '../store/seed.js';
import type { RequestContext } from './context.js';
import { FaultSpecError, type FaultSpec } from './faults.js';
import { clearDescribeOverrides, listDescribeOverrides, setDescribeOverride } from '../store/describe-overrides.js';
import { parseJson, sendJson } from './http-util.js';
import { handleFixturesControl } from './fixtures-control.js';
import { bearer } from './oauth.js';
import { CLI_CLIENT_ID } from './oauth-clients.js';

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

/** The Host values that name this org: its instance URL's host, and the loopback names on its port. */
function ownHosts(ctx: RequestContext): Set<string> {
  const url = new URL(ctx.org.instanceUrl);
  return new Set([url.host.toLowerCase(), ...LOOPBACK_NAMES.map((n) => `${n}:${url.port}`)]);
}

function secretEquals(given: string, secret: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Throws the 403/401/415 a control request gets before it does anything. */
export function checkControlRequest(ctx: RequestContext): void {
  const hosts = ownHosts(ctx);
  const host = String(ctx.req.headers.host ?? '').toLowerCase();
  if (!hosts.has(host))
    throw new SalesforceError(
      'FORBIDDEN',
      `the control API answers only requests addressed to ${ctx.org.instanceUrl} (Host ${host || '(none)'} refused)`,
      [],
      403
    );
  const origin = ctx.req.headers.origin;
  if (origin !== undefined) {
    let originHost = '';
    try {
      originHost = new URL(origin).host.toLowerCase();
    } catch {
      /* "null" and other opaque origins are refused below */
    }
    if (!hosts.has(originHost))
      throw new SalesforceError(
        'FORBIDDEN',
        `the control API refuses cross-origin requests (Origin ${origin})`,
        [],
        403
      );
  }
  const given = ctx.req.headers['x-local-org-secret'];
  const bySecret = typeof given === 'string' && secretEquals(given, ctx.org.controlSecret);
  const session = bySecret ? undefined : ctx.org.sessions.validateAccessToken(bearer(ctx));
  if (!bySecret && session?.userId !== ctx.org.store.userId)
    throw new SalesforceError(
      'INVALID_SESSION_ID',
      'the control API needs the secret printed at start (header X-Local-Org-Secret) or an access token of the admin user (Authorization: Bearer …)',
      [],
      401
    );
  // A body must be JSON: a form or text/plain post is what a web page can send cross-site without a preflight.
  const hasBody =
    Number(ctx.req.headers['content-length'] ?? 0) > 0 || ctx.req.headers['transfer-encoding'] !== undefined;
  if (ctx.method !== 'GET' && hasBody) {
    const type = String(ctx.req.headers['content-type'] ?? '');
    if (!/^application\/json\s*(;|$)/i.test(type))
      throw new SalesforceError(
        'UNSUPPORTED_MEDIA_TYPE',
        `the control API accepts only Content-Type: application/json (got ${type || 'none'})`,
        [],
        415
      );
  }
}

/** Validates a clock request completely before anything moves. */
function clockChange(body: Record<string, unknown>): { timeZone?: string; set?: string; ms: number; freeze: boolean } {
  const out: { timeZone?: string; set?: string; ms: number; freeze: boolean } = { ms: 0, freeze: body.freeze === true };
  if (body.timeZone !== undefined) {
    if (typeof body.timeZone !== 'string')
      throw new SalesforceError('INVALID_INPUT', 'timeZone must be an IANA time zone name');
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: body.timeZone });
    } catch {
      throw new SalesforceError('INVALID_INPUT', `unknown time zone ${body.timeZone}`);
    }
    out.timeZone = body.timeZone;
  }
  if (body.set !== undefined) {
    const ms = typeof body.set === 'string' ? parseIsoDateTime(body.set) : undefined;
    if (ms === undefined || !isDateTimeInRange(ms))
      throw new SalesforceError(
        'INVALID_INPUT',
        `set must be an ISO 8601 date-time of a real day between 1700-01-01 and 4000-12-31, got ${JSON.stringify(body.set)}`
      );
    out.set = body.set as string;
  }
  for (const k of ['advanceMs', 'advanceDays'] as const)
    if (body[k] !== undefined && (typeof body[k] !== 'number' || !Number.isFinite(body[k])))
      throw new SalesforceError('INVALID_INPUT', `${k} must be a number`);
  out.ms = ((body.advanceMs as number | undefined) ?? 0) + ((body.advanceDays as number | undefined) ?? 0) * 86_400_000;
  return out;
}

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
  checkControlRequest(ctx);
  const { store, sessions, faults, cursors } = ctx.org;
  const key = `${ctx.method} ${route}`;
  if (route === 'fixtures' || route.startsWith('fixtures/')) return handleFixturesControl(ctx, route);
  switch (key) {
    case 'GET status':
      return sendJson(ctx.res, 200, status(ctx));
    case 'POST reset':
    case 'POST seed': {
      const body = objectBody(ctx);
      const { dropData, ...rest } = body;
      if (ctx.org.dataDir && dropData !== true)
        throw new SalesforceError(
          'INVALID_INPUT',
          `this org keeps its data in ${ctx.org.dataDir}; ${key} would drop it. Send {"dropData": true} to confirm.`
        );
      let seed: SeedSpec | undefined;
      try {
        seed = key === 'POST seed' ? validateSeedSpec(rest) : undefined;
      } catch (e) {
        if (e instanceof SeedSpecError) throw new SalesforceError('INVALID_INPUT', e.message);
        throw e;
      }
      // All or nothing: the SQLite transaction rolls the data back, this restores the in-memory side.
      const schemaBefore = store.schema.snapshot();
      const before = { orgId: store.orgId, userId: store.userId, timeZone: store.clock.timeZone };
      try {
        store.transaction(() => reseed(store, seed));
      } catch (e) {
        store.schema.restore(schemaBefore);
        store.orgId = before.orgId;
        store.userId = before.userId;
        store.clock.timeZone = before.timeZone;
        if (e instanceof SalesforceError)
          throw new SalesforceError('INVALID_INPUT', `the seed was not applied: ${e.message}`);
        throw e;
      }
      sessions.clear();
      cursors.clear();
      faults.clear();
      ctx.org.deploys.clear();
      ctx.org.retrieves.clear();
      return sendJson(ctx.res, 200, { ...status(ctx), accessToken: sessions.issueAccessToken() });
    }
    case 'POST clock': {
      const change = clockChange(objectBody(ctx));
      const base = change.set !== undefined ? parseIsoDateTime(change.set)! : store.clock.now().getTime();
      if (!isDateTimeInRange(base + change.ms))
        throw new SalesforceError('INVALID_INPUT', 'the clock cannot move outside 1700-01-01 to 4000-12-31');
      if (change.timeZone !== undefined) {
        store.clock.timeZone = change.timeZone;
        store.setMeta('timeZone', change.timeZone);
      }
      if (change.set !== undefined) store.clock.set(change.set, change.freeze);
      if (change.ms !== 0) store.clock.advance(change.ms);
      ctx.org.onClockChange?.();
      return sendJson(ctx.res, 200, status(ctx));
    }
    case 'POST revoke': {
      const body = objectBody(ctx);
      if (body.token !== undefined && typeof body.token !== 'string')
        throw new SalesforceError('INVALID_INPUT', 'token must be a string');
      if (body.kind !== undefined && !['access', 'refresh', 'all'].includes(body.kind as string))
        throw new SalesforceError('INVALID_INPUT', 'kind must be access, refresh or all');
      if (body.token === undefined && body.kind === undefined)
        throw new SalesforceError('INVALID_INPUT', 'give a token or a kind (access, refresh, all) to revoke');
      const n = sessions.revoke(
        typeof body.token === 'string' ? { token: body.token } : { kind: body.kind as 'access' | 'refresh' | 'all' }
      );
      return sendJson(ctx.res, 200, { revoked: n });
    }
    case 'POST token':
      return sendJson(ctx.res, 200, {
        accessToken: sessions.issueAccessToken(),
        refreshToken: sessions.issueRefreshToken(store.userId, CLI_CLIENT_ID)
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
