/**
 * OAuth 2.0 endpoints. /authorize auto-approves (there is no login page): it redirects to redirect_uri
 * with a one-time code. /token supports authorization_code, refresh_token and client_credentials;
 * client ids and secrets are not checked. Error bodies follow Salesforce's `{error, error_description}`.
 */
import { SalesforceError } from '../store/errors.js';
import type { RequestContext } from './context.js';
import { INVALID_SESSION, sendJson } from './http-util.js';

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

export function handleOAuth(ctx: RequestContext, action: string): void {
  const { sessions, store } = ctx.org;
  const p = params(ctx);
  switch (action) {
    case 'authorize': {
      const redirect = p.get('redirect_uri');
      if (!redirect) return oauthError(ctx, 400, 'redirect_uri_missing', 'redirect_uri must match configuration');
      let target: URL;
      try {
        target = new URL(redirect);
      } catch {
        return oauthError(ctx, 400, 'redirect_uri_mismatch', 'redirect_uri must be an absolute URL');
      }
      if (p.get('response_type') !== 'code')
        return oauthError(ctx, 400, 'unsupported_response_type', 'response type not supported');
      target.searchParams.set('code', sessions.issueCode(store.userId, p.get('client_id') ?? undefined));
      const state = p.get('state');
      if (state !== null) target.searchParams.set('state', state);
      ctx.res.writeHead(302, { Location: target.toString() }).end();
      return;
    }
    case 'token': {
      if (ctx.method !== 'POST') return oauthError(ctx, 405, 'invalid_request', 'must use HTTP POST');
      const grant = p.get('grant_type');
      if (grant === 'authorization_code') {
        const s = sessions.redeemCode(p.get('code') ?? undefined);
        if (!s) return oauthError(ctx, 400, 'invalid_grant', 'invalid authorization code');
        return sendJson(
          ctx.res,
          200,
          tokenResponse(
            ctx,
            s.userId,
            sessions.issueAccessToken(s.userId),
            sessions.issueRefreshToken(s.userId, s.clientId)
          )
        );
      }
      if (grant === 'refresh_token') {
        const s = sessions.validateRefreshToken(p.get('refresh_token') ?? undefined);
        if (!s) return oauthError(ctx, 400, 'invalid_grant', 'expired access/refresh token');
        return sendJson(ctx.res, 200, tokenResponse(ctx, s.userId, sessions.issueAccessToken(s.userId)));
      }
      if (grant === 'client_credentials')
        return sendJson(ctx.res, 200, tokenResponse(ctx, store.userId, sessions.issueAccessToken(store.userId)));
      return oauthError(ctx, 400, 'unsupported_grant_type', 'grant type not supported');
    }
    case 'revoke': {
      sessions.revoke({ token: p.get('token') ?? '' });
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
