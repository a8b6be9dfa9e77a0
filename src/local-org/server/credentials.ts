/**
 * Named-principal OAuth for External Credentials, as the Connect REST API and the browser flow do it:
 * POST /services/data/vNN.0/named-credentials/credential/auth-url/o-auth answers the
 * `authenticationUrl` (the deployed Auth Provider's authorize URL with a state and this org's
 * /services/authcallback/<provider> as redirect_uri); the callback exchanges the code at the
 * provider's token URL and stores the principal's tokens for callouts. GET
 * .../named-credentials/credential reports whether a principal is authenticated.
 * https://developer.salesforce.com/docs/atlas.en-us.apexref.meta/apexref/apex_ConnectAPI_NamedCredentials_static_methods.htm
 */
import { randomBytes } from 'node:crypto';
import { getMetadata } from '../metadata/registry.js';
import { asArray, text } from '../metadata/xml.js';
import { SalesforceError, notFound } from '../store/errors.js';
import type { Store } from '../store/store.js';
import type { RequestContext } from './context.js';
import { parseJson, sendJson, xmlEscape } from './http-util.js';

export interface PrincipalCredential {
  externalCredential: string;
  principalName: string;
  accessToken: string;
  refreshToken: string | null;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
}

function ensureTables(store: Store): void {
  store.db.exec(
    'CREATE TABLE IF NOT EXISTS _credentials (external_credential TEXT NOT NULL, principal_name TEXT NOT NULL, access_token TEXT NOT NULL, refresh_token TEXT, token_url TEXT NOT NULL, client_id TEXT NOT NULL, client_secret TEXT NOT NULL, updated_at TEXT NOT NULL, PRIMARY KEY (external_credential, principal_name));' +
      'CREATE TABLE IF NOT EXISTS _credential_flows (state TEXT PRIMARY KEY, external_credential TEXT NOT NULL, principal_name TEXT NOT NULL, provider TEXT NOT NULL, redirect_uri TEXT NOT NULL);'
  );
}

/** The stored tokens of a named principal, for the Apex runtime's callouts. */
export function getPrincipalCredential(
  store: Store,
  externalCredential: string,
  principalName: string
): PrincipalCredential | undefined {
  ensureTables(store);
  const row = store.db
    .prepare('SELECT * FROM _credentials WHERE external_credential = ? AND principal_name = ?')
    .get(externalCredential, principalName) as Record<string, string | null> | undefined;
  if (!row) return undefined;
  return {
    externalCredential,
    principalName,
    accessToken: row.access_token!,
    refreshToken: row.refresh_token,
    tokenUrl: row.token_url!,
    clientId: row.client_id!,
    clientSecret: row.client_secret!
  };
}

/** Records a refreshed access token (and a rotated refresh token, when the provider sends one). */
export function updatePrincipalTokens(
  store: Store,
  externalCredential: string,
  principalName: string,
  accessToken: string,
  refreshToken?: string
): void {
  ensureTables(store);
  store.db
    .prepare(
      'UPDATE _credentials SET access_token = ?, refresh_token = COALESCE(?, refresh_token), updated_at = ? WHERE external_credential = ? AND principal_name = ?'
    )
    .run(accessToken, refreshToken ?? null, store.clock.now().toISOString(), externalCredential, principalName);
}

interface ExternalCredentialXml {
  authenticationProtocol?: string;
  externalCredentialParameters?: Record<string, unknown> | Record<string, unknown>[];
}

function resolve(
  store: Store,
  externalCredential: string,
  principalName: string
): { provider: string; authorizeUrl?: string; scope?: string; providerXml: Record<string, unknown> } {
  const ec = getMetadata(store, 'ExternalCredential', externalCredential)?.content as ExternalCredentialXml | undefined;
  if (!ec) throw notFound(`No External Credential named ${externalCredential} is deployed`);
  if (text(ec.authenticationProtocol) !== 'Oauth')
    throw new SalesforceError(
      'INVALID_INPUT',
      `External Credential ${externalCredential} does not use the OAuth protocol`
    );
  const params = asArray(ec.externalCredentialParameters);
  const principal = params.find(
    (p) => text(p.parameterType) === 'NamedPrincipal' && text(p.parameterName) === principalName
  );
  if (!principal) throw notFound(`External Credential ${externalCredential} has no named principal ${principalName}`);
  const provider = text(params.find((p) => text(p.parameterType) === 'AuthProvider')?.authProvider);
  if (!provider)
    throw new SalesforceError('INVALID_INPUT', `External Credential ${externalCredential} names no Auth Provider`);
  const providerXml = getMetadata(store, 'AuthProvider', provider)?.content as Record<string, unknown> | undefined;
  if (!providerXml) throw notFound(`No Auth Provider named ${provider} is deployed`);
  const scope =
    text(
      params.find((p) => text(p.parameterType) === 'AuthParameter' && text(p.parameterName) === 'Scope')?.parameterValue
    ) ?? text(providerXml.defaultScopes);
  return { provider, authorizeUrl: text(providerXml.authorizeUrl), scope, providerXml };
}

export function handleNamedCredentials(ctx: RequestContext, rest: string[]): void {
  const store = ctx.org.store;
  ensureTables(store);
  if (rest.join('/') === 'credential/auth-url/o-auth' && ctx.method === 'POST') {
    const body = parseJson(ctx.body) as Record<string, unknown>;
    const ext = typeof body?.externalCredential === 'string' ? body.externalCredential : '';
    const principal = typeof body?.principalName === 'string' ? body.principalName : '';
    if (!ext || !principal)
      throw new SalesforceError('INVALID_INPUT', 'externalCredential and principalName are required');
    const { provider, authorizeUrl, scope, providerXml } = resolve(store, ext, principal);
    const state = randomBytes(18).toString('base64url');
    const redirectUri = `${ctx.org.instanceUrl}/services/authcallback/${provider}`;
    store.db
      .prepare(
        'INSERT INTO _credential_flows (state, external_credential, principal_name, provider, redirect_uri) VALUES (?, ?, ?, ?, ?)'
      )
      .run(state, ext, principal, provider, redirectUri);
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
    resolve(store, ext, principal);
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
    `<!doctype html><html><head><title>${xmlEscape(title)}</title></head><body><h1>${xmlEscape(title)}</h1><p>${xmlEscape(detail)}</p></body></html>`
  );
}

/** GET /services/authcallback/<provider>?code=…&state=… — completes the principal's OAuth flow. */
export async function handleAuthCallback(ctx: RequestContext, provider: string): Promise<void> {
  const store = ctx.org.store;
  ensureTables(store);
  const state = ctx.url.searchParams.get('state') ?? '';
  const flow = store.db
    .prepare('SELECT * FROM _credential_flows WHERE state = ? AND provider = ?')
    .get(state, provider) as Record<string, string> | undefined;
  if (!flow)
    return page(
      ctx,
      400,
      'Authentication failed',
      'Unknown or already used state. Start again from the External Credential.'
    );
  store.db.prepare('DELETE FROM _credential_flows WHERE state = ?').run(state);
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
        redirect_uri: flow.redirect_uri
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
  store.db
    .prepare(
      'INSERT INTO _credentials (external_credential, principal_name, access_token, refresh_token, token_url, client_id, client_secret, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(external_credential, principal_name) DO UPDATE SET access_token = excluded.access_token, refresh_token = excluded.refresh_token, token_url = excluded.token_url, client_id = excluded.client_id, client_secret = excluded.client_secret, updated_at = excluded.updated_at'
    )
    .run(
      flow.external_credential,
      flow.principal_name,
      tokens.access_token,
      tokens.refresh_token ?? null,
      tokenUrl,
      clientId,
      clientSecret,
      store.clock.now().toISOString()
    );
  page(
    ctx,
    200,
    'Authenticated',
    `${flow.principal_name} of ${flow.external_credential} is authenticated. You can close this window.`
  );
}
