/**
 * OAuth 2.0 endpoints. /authorize auto-approves (there is no login page) for a known client app and one
 * of its registered callback URLs: it redirects to redirect_uri with a one-time code. /token checks the
 * client id and secret against the org's client apps (oauth-clients.ts) for authorization_code and
 * refresh_token. Error bodies follow Salesforce's `{error, error_description}`.
 */
import { SalesforceError } from '../store/errors.js';
import type { RequestContext } from './context.js';
import { INVALID_SESSION, sendJson } from './http-util.js';
import { callbackMatches, findOAuthClients, secretMatches, type OAuthClient } from './oauth-clients.js';

function params(ctx: RequestContext): URLSearchParams {
  const type = String(ctx.req.headers['content-type'] ?? '');
  const p = new URLSearchParams(ctx.url.search);
  if (ctx.method === 'POST' && ctx.body.length > 0) {
    if (type.includes('application/json')) {
      try {
        const json = JSON.parse(ctx.body.toString('utf8')) as Record<string, unknown>;
        for (const [k, v] of Object.entries(json ?? {})) p.set(k, String(v));
      } catch {
        /* answered below as an invalid request */
      }
    } else {
      for (const [k, v] of new URLSearchParams(ctx.body.toString('utf8'))) p.set(k, v);
    }
  }
  return p;
}

function oauthError(ctx: RequestContext, status: number, error: string, description: string): void {
  sendJson(ctx.res, status, { error, error_description: description });
}

export function identity(ctx: RequestContext, userId: string): Record<string, unknown> {
  const store = ctx.org.store;
  const user = store.retrieve('User', userId);
  const base = ctx.org.instanceUrl;
  const idUrl = `${base}/id/${store.orgId}/${userId}`;
  return {
    sub: idUrl,
    user_id: userId,
    organization_id: store.orgId,
    preferred_username: user.Username,
    nickname: user.Alias,
    name: user.Name,
    email: user.Email,
    email_verified: true,
    given_name: user.FirstName,
    family_name: user.LastName,
    zoneinfo: user.TimeZoneSidKey,
    active: true,
    user_type: 'STANDARD',
    language: user.LanguageLocaleKey,
    locale: user.LocaleSidKey,
    utcOffset: 0,
    updated_at: user.LastModifiedDate,
    is_app_installed: true,
    urls: {
      rest: `${base}/services/data/v{version}/`,
      sobjects: `${base}/services/data/v{version}/sobjects/`,
      query: `${base}/services/data/v{version}/query/`,
      tooling_rest: `${base}/services/data/v{version}/tooling/`,
      metadata: `${base}/services/Soap/m/{version}/${store.orgId.slice(0, 15)}`,
      profile: `${base}/${userId}`
    }
  };
}

function tokenResponse(
  ctx: RequestContext,
  userId: string,
  accessToken: string,
  refreshToken?: string
): Record<string, unknown> {
  const store = ctx.org.store;
  return {
    access_token: accessToken,
    ...(refreshToken ? { refresh_token: refreshToken } : {}),
    signature: Buffer.from(accessToken.slice(-32)).toString('base64'),
    scope: 'api refresh_token web',
    instance_url: ctx.org.instanceUrl,
    id: `${ctx.org.instanceUrl}/id/${store.orgId}/${userId}`,
    token_type: 'Bearer',
    issued_at: String(store.clock.now().getTime())
  };
}

/** The platform's OAuth error bodies (https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_flow_errors.htm). */
const UNKNOWN_CLIENT = ['invalid_client_id', 'client identifier invalid'] as const;
const BAD_SECRET = ['invalid_client', 'invalid client credentials'] as const;
const BAD_REDIRECT = ['redirect_uri_mismatch', 'redirect_uri must match configuration'] as const;

/** Authenticates the client of a token request; answers the error and returns undefined when it fails. */
function authenticateClient(ctx: RequestContext, p: URLSearchParams): OAuthClient[] | undefined {
  const clients = findOAuthClients(ctx.org.store, ctx.org.instanceUrl, p.get('client_id'));
  if (clients.length === 0) {
    oauthError(ctx, 400, ...UNKNOWN_CLIENT);
    return undefined;
  }
  if (!secretMatches(clients, p.get('client_secret'))) {
    oauthError(ctx, 400, ...BAD_SECRET);
    return undefined;
  }
  return clients;
}

export function handleOAuth(ctx: RequestContext, action: string): void {
  const { sessions, store } = ctx.org;
  const p = params(ctx);
  switch (action) {
    case 'authorize': {
      const clients = findOAuthClients(store, ctx.org.instanceUrl, p.get('client_id'));
      if (clients.length === 0) return oauthError(ctx, 400, ...UNKNOWN_CLIENT);
      const redirect = p.get('redirect_uri');
      if (!redirect) return oauthError(ctx, 400, 'redirect_uri_missing', 'redirect_uri must match configuration');
      let target: URL;
      try {
        target = new URL(redirect);
      } catch {
        return oauthError(ctx, 400, ...BAD_REDIRECT);
      }
      if (!callbackMatches(clients, redirect)) return oauthError(ctx, 400, ...BAD_REDIRECT);
      if (p.get('response_type') !== 'code')
        return oauthError(ctx, 400, 'unsupported_response_type', 'response type not supported');
      target.searchParams.set('code', sessions.issueCode(store.userId, clients[0].clientId, redirect));
      const state = p.get('state');
      if (state !== null) target.searchParams.set('state', state);
      ctx.res.writeHead(302, { Location: target.toString() }).end();
      return;
    }
    case 'token': {
      if (ctx.method !== 'POST') return oauthError(ctx, 405, 'invalid_request', 'must use HTTP POST');
      const grant = p.get('grant_type');
      if (grant !== 'authorization_code' && grant !== 'refresh_token' && grant !== 'client_credentials')
        return oauthError(ctx, 400, 'unsupported_grant_type', 'grant type not supported');
      const clients = authenticateClient(ctx, p);
      if (!clients) return;
      const clientId = clients[0].clientId;
      if (grant === 'authorization_code') {
        const s = sessions.redeemCode(p.get('code') ?? undefined);
        if (!s || s.clientId !== clientId) return oauthError(ctx, 400, 'invalid_grant', 'invalid authorization code');
        if (s.redirectUri !== undefined && p.get('redirect_uri') !== s.redirectUri)
          return oauthError(ctx, 400, ...BAD_REDIRECT);
        return sendJson(
          ctx.res,
          200,
          tokenResponse(
            ctx,
            s.userId,
            sessions.issueAccessToken(s.userId),
            sessions.issueRefreshToken(s.userId, clientId)
          )
        );
      }
      if (grant === 'refresh_token') {
        const s = sessions.validateRefreshToken(p.get('refresh_token') ?? undefined);
        if (!s || (s.clientId !== undefined && s.clientId !== clientId))
          return oauthError(ctx, 400, 'invalid_grant', 'expired access/refresh token');
        return sendJson(ctx.res, 200, tokenResponse(ctx, s.userId, sessions.issueAccessToken(s.userId)));
      }
      // client_credentials needs a run-as user configured on the client app, which the local org's
      // client apps never have (the platform's answer for an app without one).
      return oauthError(ctx, 400, 'invalid_grant', 'no client credentials user enabled');
    }
    case 'revoke': {
      if (ctx.method !== 'POST' && ctx.method !== 'GET')
        return oauthError(ctx, 405, 'invalid_request', 'must use HTTP POST');
      const token = p.get('token') ?? '';
      if (!token) return oauthError(ctx, 400, 'invalid_request', 'token is required');
      if (sessions.revokeToken(token) === 0)
        return oauthError(ctx, 400, 'unsupported_token_type', 'this token type is not supported');
      ctx.res.writeHead(200).end();
      return;
    }
    case 'userinfo': {
      const s = sessions.validateAccessToken(bearer(ctx));
      if (!s) throw INVALID_SESSION;
      return sendJson(ctx.res, 200, identity(ctx, s.userId));
    }
    default:
      throw new SalesforceError('NOT_FOUND', 'The requested resource does not exist', [], 404);
  }
}

export function bearer(ctx: RequestContext): string | undefined {
  const h = String(ctx.req.headers.authorization ?? '');
  const m = /^(?:Bearer|OAuth)\s+(\S+)$/i.exec(h);
  return m?.[1];
}
