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
  deletePrincipalCredential,
  externalCredentialPrincipals,
  getPrincipalCredential,
  getPrincipalParameters,
  savePrincipalParameters,
  resolveOAuthPrincipal,
  savePrincipalCredential,
  startPrincipalFlow,
  takePrincipalFlow
} from '../org/credentials.js';
import { SalesforceError, notFound } from '../store/errors.js';
import type { RequestContext } from './context.js';
import { methodNotAllowed, parseJson, sendJson } from './http-util.js';

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
  if (rest.join('/') === 'credential') return handleCredential(ctx);
  throw notFound(
    'named-credentials resources other than credential and credential/auth-url/o-auth are not supported by the local org'
  );
}

/** The External Credential and principal a credential request names, checked against what is deployed. */
function principalOf(ctx: RequestContext, ext: string, principal: string): { protocol: string } {
  if (!ext) throw new SalesforceError('INVALID_INPUT', 'externalCredential is required');
  const ec = externalCredentialPrincipals(ctx.org.store, ext);
  if (!ec) throw notFound(`No External Credential named ${ext} is deployed`);
  if (!principal) throw new SalesforceError('INVALID_INPUT', 'principalName is required for a NamedPrincipal');
  if (!ec.principals.includes(principal))
    throw notFound(`External Credential ${ext} has no named principal ${principal}`);
  return { protocol: ec.protocol ?? '' };
}

/** The Credential output: parameter names and, for values not encrypted, the values. */
function credentialOutput(ctx: RequestContext, ext: string, principal: string, protocol: string): unknown {
  const store = ctx.org.store;
  if (protocol === 'Oauth') {
    resolveOAuthPrincipal(store, ext, principal);
    return {
      authenticationProtocol: 'Oauth',
      authenticationStatus: getPrincipalCredential(store, ext, principal) ? 'Configured' : 'NotConfigured',
      credentials: {},
      externalCredential: ext,
      principalName: principal,
      principalType: 'NamedPrincipal'
    };
  }
  const params = getPrincipalParameters(store, ext, principal);
  return {
    authenticationProtocol: protocol,
    authenticationStatus: params.length ? 'Configured' : 'NotConfigured',
    credentials: Object.fromEntries(
      params.map((p) => [p.name, { encrypted: p.encrypted, value: p.encrypted ? null : p.value }])
    ),
    externalCredential: ext,
    principalName: principal,
    principalType: 'NamedPrincipal'
  };
}

/**
 * GET / POST / PUT / DELETE /named-credentials/credential: a principal's credential. POST and PUT set the
 * authentication parameters of a Custom principal (`credentials: {Name: {value, encrypted}}`); OAuth
 * principals get their tokens from the browser flow instead.
 * https://developer.salesforce.com/docs/atlas.en-us.chatterapi.meta/chatterapi/connect_resources_named_credential.htm
 */
function handleCredential(ctx: RequestContext): void {
  const store = ctx.org.store;
  if (ctx.method === 'GET' || ctx.method === 'DELETE') {
    const ext = ctx.url.searchParams.get('externalCredential') ?? '';
    const principal = ctx.url.searchParams.get('principalName') ?? '';
    const { protocol } = principalOf(ctx, ext, principal);
    if (ctx.method === 'GET') return sendJson(ctx.res, 200, credentialOutput(ctx, ext, principal, protocol));
    deletePrincipalCredential(store, ext, principal);
    ctx.res.writeHead(204);
    ctx.res.end();
    return;
  }
  if (ctx.method !== 'POST' && ctx.method !== 'PUT') throw methodNotAllowed(ctx.method, 'GET,POST,PUT,DELETE');
  const body = parseJson(ctx.body) as Record<string, unknown> | null;
  const ext = typeof body?.externalCredential === 'string' ? body.externalCredential : '';
  const principal = typeof body?.principalName === 'string' ? body.principalName : '';
  const { protocol } = principalOf(ctx, ext, principal);
  if (body?.principalType !== undefined && body.principalType !== 'NamedPrincipal')
    throw new SalesforceError(
      'INVALID_INPUT',
      `principalType ${String(body.principalType)}: the local org keeps named principals only`
    );
  if (body?.authenticationProtocol !== protocol)
    throw new SalesforceError(
      'INVALID_INPUT',
      `authenticationProtocol must be the External Credential's protocol (${protocol}), got ${JSON.stringify(body?.authenticationProtocol ?? null)}`
    );
  if (protocol !== 'Custom')
    throw new SalesforceError(
      'INVALID_INPUT',
      `External Credential ${ext} uses ${protocol}: its principal is authenticated through its browser flow (credential/auth-url/o-auth), not with parameters`
    );
  const credentials = body?.credentials;
  if (typeof credentials !== 'object' || credentials === null || Array.isArray(credentials))
    throw new SalesforceError(
      'INVALID_INPUT',
      'credentials must be an object: {"<Parameter>": {"value": "…", "encrypted": true}}'
    );
  const params = Object.entries(credentials as Record<string, unknown>).map(([name, v]) => {
    const cv = v as { value?: unknown; encrypted?: unknown } | null;
    if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name))
      throw new SalesforceError('INVALID_INPUT', `credentials: "${name}" is not a valid parameter name`);
    if (typeof cv?.value !== 'string')
      throw new SalesforceError('INVALID_INPUT', `credentials.${name}.value must be a string`);
    return { name, value: cv.value, encrypted: cv.encrypted !== false };
  });
  savePrincipalParameters(store, ext, principal, params);
  sendJson(ctx.res, ctx.method === 'POST' ? 201 : 200, credentialOutput(ctx, ext, principal, protocol));
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
