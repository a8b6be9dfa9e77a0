/**
 * Named-principal OAuth for External Credentials, as the Connect REST API and the browser flow do it:
 * POST /services/data/vNN.0/named-credentials/credential/auth-url/o-auth answers the
 * `authenticationUrl` (the deployed Auth Provider's authorize URL with a state and this org's
 * /services/authcallback/<provider> as redirect_uri); the callback exchanges the code at the
 * provider's token URL and stores the principal's tokens for callouts (org/credentials.ts). GET
 * .../named-credentials/credential reports whether a principal is authenticated.
 * https://developer.salesforce.com/docs/atlas.en-us.apexref.meta/apexref/apex_ConnectAPI_NamedCredentials_static_methods.htm
 */
import { getMetadata } from '../metadata/registry.js';
import { escapeXml, text } from '../metadata/xml.js';
import {
  getPrincipalCredential,
  resolveOAuthPrincipal,
  savePrincipalCredential,
  startPrincipalFlow,
  takePrincipalFlow
} from '../org/credentials.js';
import { SalesforceError, notFound } from '../store/errors.js';
import type { RequestContext } from './context.js';
import { parseJson, sendJson } from './http-util.js';

export function handleNamedCredentials(ctx: RequestContext, rest: string[]): void {
  const store = ctx.org.store;
  if (rest.join('/') === 'credential/auth-url/o-auth' && ctx.method === 'POST') {
    const body = parseJson(ctx.body) as Record<string, unknown>;
    const ext = typeof body?.externalCredential === 'string' ? body.externalCredential : '';
    const principal = typeof body?.principalName === 'string' ? body.principalName : '';
    if (!ext || !principal)
      throw new SalesforceError('INVALID_INPUT', 'externalCredential and principalName are required');
    const { provider, authorizeUrl, scope, providerXml } = resolveOAuthPrincipal(store, ext, principal);
    const redirectUri = `${ctx.org.instanceUrl}/services/authcallback/${provider}`;
    const state = startPrincipalFlow(store, {
      externalCredential: ext,
      principalName: principal,
      provider,
      redirectUri
    });
    const url = new URL(authorizeUrl ?? `${ctx.org.instanceUrl}/services/oauth2/authorize`);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('client_id', text(providerXml.consumerKey) ?? '');
    url.searchParams.set('redirect_uri', redirectUri);
    if (scope) url.searchParams.set('scope', scope);
    url.searchParams.set('state', state);
    sendJson(ctx.res, 200, {
      authenticationUrl: url.toString(),
      externalCredential: ext,
      principalName: principal,
      principalType: body.principalType ?? 'NamedPrincipal'
    });
    return;
  }
  if (rest.join('/') === 'credential' && ctx.method === 'GET') {
    const ext = ctx.url.searchParams.get('externalCredential') ?? '';
    const principal = ctx.url.searchParams.get('principalName') ?? '';
    resolveOAuthPrincipal(store, ext, principal);
    const cred = getPrincipalCredential(store, ext, principal);
    sendJson(ctx.res, 200, {
      authenticationProtocol: 'Oauth',
      authenticationStatus: cred ? 'Configured' : 'NotConfigured',
      credentials: {},
      externalCredential: ext,
      principalName: principal,
      principalType: ctx.url.searchParams.get('principalType') ?? 'NamedPrincipal'
    });
    return;
  }
  throw notFound(
    'named-credentials resources other than credential and credential/auth-url/o-auth are not supported by the local org'
  );
}

function page(ctx: RequestContext, status: number, title: string, detail: string): void {
  ctx.res.writeHead(status, { 'Content-Type': 'text/html;charset=UTF-8' });
  ctx.res.end(
    `<!doctype html><html><head><title>${escapeXml(title)}</title></head><body><h1>${escapeXml(title)}</h1><p>${escapeXml(detail)}</p></body></html>`
  );
}

/** GET /services/authcallback/<provider>?code=…&state=… — completes the principal's OAuth flow. */
export async function handleAuthCallback(ctx: RequestContext, provider: string): Promise<void> {
  const store = ctx.org.store;
  const flow = takePrincipalFlow(store, ctx.url.searchParams.get('state') ?? '', provider);
  if (!flow)
    return page(
      ctx,
      400,
      'Authentication failed',
      'Unknown or already used state. Start again from the External Credential.'
    );
  const code = ctx.url.searchParams.get('code');
  if (!code)
    return page(
      ctx,
      400,
      'Authentication failed',
      ctx.url.searchParams.get('error_description') ?? 'The provider sent no authorization code.'
    );
  const providerXml = (getMetadata(store, 'AuthProvider', provider)?.content ?? {}) as Record<string, unknown>;
  const tokenUrl = text(providerXml.tokenUrl) ?? `${ctx.org.instanceUrl}/services/oauth2/token`;
  const clientId = text(providerXml.consumerKey) ?? '';
  const clientSecret = text(providerXml.consumerSecret) ?? '';
  let tokens: { access_token?: string; refresh_token?: string; error_description?: string };
  try {
    const res = await fetch(tokenUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uri: flow.redirectUri
      })
    });
    tokens = (await res.json()) as typeof tokens;
  } catch (e) {
    return page(
      ctx,
      502,
      'Authentication failed',
      `The token endpoint ${tokenUrl} could not be reached: ${e instanceof Error ? e.message : String(e)}`
    );
  }
  if (!tokens.access_token)
    return page(
      ctx,
      400,
      'Authentication failed',
      tokens.error_description ?? 'The token endpoint returned no access token.'
    );
  savePrincipalCredential(store, {
    externalCredential: flow.externalCredential,
    principalName: flow.principalName,
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token ?? null,
    tokenUrl,
    clientId,
    clientSecret
  });
  page(
    ctx,
    200,
    'Authenticated',
    `${flow.principalName} of ${flow.externalCredential} is authenticated. You can close this window.`
  );
}
