/**
 * Credential resolution for External Credentials: the named principals' stored OAuth tokens (read by
 * callouts, refreshed after a 401), the pending browser flows, and the deployed External Credential /
 * Auth Provider a principal resolves to. The HTTP side (the Connect REST named-credentials resources
 * and /services/authcallback) is server/named-credentials.ts.
 * https://developer.salesforce.com/docs/atlas.en-us.apexref.meta/apexref/apex_ConnectAPI_NamedCredentials_static_methods.htm
 */
import { randomBytes } from 'node:crypto';
import { getMetadata } from '../metadata/registry.js';
import { asArray, text } from '../metadata/xml.js';
import { SalesforceError, notFound } from '../store/errors.js';
import type { Store } from '../store/store.js';

export interface PrincipalCredential {
  externalCredential: string;
  principalName: string;
  accessToken: string;
  refreshToken: string | null;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
}

export function ensureCredentialTables(store: Store): void {
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
  ensureCredentialTables(store);
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
  ensureCredentialTables(store);
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

/** The OAuth named principal of a deployed External Credential, its Auth Provider and scope. */
export function resolveOAuthPrincipal(
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

/** A pending browser flow of a named principal, keyed by its one-time state. */
export interface PrincipalFlow {
  externalCredential: string;
  principalName: string;
  provider: string;
  redirectUri: string;
}

/** Starts a principal's browser flow: answers the one-time state the callback must bring back. */
export function startPrincipalFlow(store: Store, flow: PrincipalFlow): string {
  ensureCredentialTables(store);
  const state = randomBytes(18).toString('base64url');
  store.db
    .prepare(
      'INSERT INTO _credential_flows (state, external_credential, principal_name, provider, redirect_uri) VALUES (?, ?, ?, ?, ?)'
    )
    .run(state, flow.externalCredential, flow.principalName, flow.provider, flow.redirectUri);
  return state;
}

/** Takes (and forgets) the pending flow with this state for this provider; undefined if unknown or used. */
export function takePrincipalFlow(store: Store, state: string, provider: string): PrincipalFlow | undefined {
  ensureCredentialTables(store);
  const row = store.db
    .prepare('SELECT * FROM _credential_flows WHERE state = ? AND provider = ?')
    .get(state, provider) as Record<string, string> | undefined;
  if (!row) return undefined;
  store.db.prepare('DELETE FROM _credential_flows WHERE state = ?').run(state);
  return {
    externalCredential: row.external_credential,
    principalName: row.principal_name,
    provider: row.provider,
    redirectUri: row.redirect_uri
  };
}

/** Stores (or replaces) a principal's tokens after its browser flow completed. */
export function savePrincipalCredential(store: Store, cred: PrincipalCredential): void {
  ensureCredentialTables(store);
  store.db
    .prepare(
      'INSERT INTO _credentials (external_credential, principal_name, access_token, refresh_token, token_url, client_id, client_secret, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(external_credential, principal_name) DO UPDATE SET access_token = excluded.access_token, refresh_token = excluded.refresh_token, token_url = excluded.token_url, client_id = excluded.client_id, client_secret = excluded.client_secret, updated_at = excluded.updated_at'
    )
    .run(
      cred.externalCredential,
      cred.principalName,
      cred.accessToken,
      cred.refreshToken,
      cred.tokenUrl,
      cred.clientId,
      cred.clientSecret,
      store.clock.now().toISOString()
    );
}

/**
 * Authentication parameters of a named principal of a Custom-protocol External Credential (an API key,
 * a username…), as an admin enters them in Setup or sends them through the Connect REST API
 * (`POST/PUT /named-credentials/credential`, `credentials: {Name: {value, encrypted}}`,
 * https://developer.salesforce.com/docs/atlas.en-us.chatterapi.meta/chatterapi/connect_resources_named_credential.htm).
 * Held by the org (never in deployed metadata); header formulas read them as `$Credential.<EC>.<Name>`.
 */
export interface PrincipalParameter {
  name: string;
  value: string;
  encrypted: boolean;
}

function ensureParameterTable(store: Store): void {
  store.db.exec(
    'CREATE TABLE IF NOT EXISTS _credential_parameters (external_credential TEXT NOT NULL, principal_name TEXT NOT NULL, parameter_name TEXT NOT NULL, value TEXT NOT NULL, encrypted INTEGER NOT NULL, updated_at TEXT NOT NULL, PRIMARY KEY (external_credential, principal_name, parameter_name));'
  );
}

/** The deployed External Credential's protocol and its named principals (case as deployed). */
export function externalCredentialPrincipals(
  store: Store,
  externalCredential: string
): { protocol: string | undefined; principals: string[] } | undefined {
  const ec = getMetadata(store, 'ExternalCredential', externalCredential)?.content as ExternalCredentialXml | undefined;
  if (!ec) return undefined;
  return {
    protocol: text(ec.authenticationProtocol),
    principals: asArray(ec.externalCredentialParameters)
      .filter((p) => text(p.parameterType) === 'NamedPrincipal')
      .map((p) => String(text(p.parameterName)))
  };
}

/** Replaces the authentication parameters of a Custom principal (all of them, as a PUT of the credential does). */
export function savePrincipalParameters(
  store: Store,
  externalCredential: string,
  principalName: string,
  parameters: PrincipalParameter[]
): void {
  ensureParameterTable(store);
  const now = store.clock.now().toISOString();
  store.db
    .prepare('DELETE FROM _credential_parameters WHERE external_credential = ? AND principal_name = ?')
    .run(externalCredential, principalName);
  const insert = store.db.prepare(
    'INSERT INTO _credential_parameters (external_credential, principal_name, parameter_name, value, encrypted, updated_at) VALUES (?, ?, ?, ?, ?, ?)'
  );
  for (const p of parameters) insert.run(externalCredential, principalName, p.name, p.value, p.encrypted ? 1 : 0, now);
}

/** The authentication parameters of a Custom principal; empty when none were set. */
export function getPrincipalParameters(
  store: Store,
  externalCredential: string,
  principalName: string
): PrincipalParameter[] {
  ensureParameterTable(store);
  const rows = store.db
    .prepare(
      'SELECT parameter_name, value, encrypted FROM _credential_parameters WHERE external_credential = ? AND principal_name = ? ORDER BY parameter_name'
    )
    .all(externalCredential, principalName) as { parameter_name: string; value: string; encrypted: number }[];
  return rows.map((r) => ({ name: r.parameter_name, value: r.value, encrypted: r.encrypted === 1 }));
}

/** Forgets a principal's credentials: its OAuth tokens and its authentication parameters. */
export function deletePrincipalCredential(store: Store, externalCredential: string, principalName: string): boolean {
  ensureCredentialTables(store);
  ensureParameterTable(store);
  const a = store.db
    .prepare('DELETE FROM _credentials WHERE external_credential = ? AND principal_name = ?')
    .run(externalCredential, principalName).changes;
  const b = store.db
    .prepare('DELETE FROM _credential_parameters WHERE external_credential = ? AND principal_name = ?')
    .run(externalCredential, principalName).changes;
  return a + b > 0;
}
