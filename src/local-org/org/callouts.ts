/**
 * The callout host of the Apex runtime. `callout:<NamedCredential>/path` resolves through the deployed
 * Named Credential (its Url parameter) and External Credential: the running user needs principal access
 * (a permission set with externalCredentialPrincipalAccesses assigned to them) and the named principal must
 * have been authenticated; the request then carries `Authorization: Bearer <token>`, and on a 401 the token is
 * refreshed with the principal's refresh token and the request retried once. A Custom-protocol External
 * Credential sends its custom headers (and the Named Credential's) with their `{!…}` formulas evaluated from
 * the principal's authentication parameters (credential-formulas.ts); formulas in the endpoint URL are
 * never evaluated. Requests to this org's own
 * instance URL go through the injected in-process transport (the server's router, synchronously: the
 * interpreter cannot wait for its own event loop); other hosts are answered from the registered
 * external-endpoint fixtures (fixtures/), as the local org makes no outbound calls.
 * https://help.salesforce.com/apex/HTViewHelpDoc?id=xcloud.nc_troubleshoot.htm
 */
import { CalloutFailure, type CalloutHost, type CalloutResponse } from '../apex/callouts/index.js';
import { getMetadata, listMetadata } from '../metadata/registry.js';
import { answerExternal, type ExternalFixtures, type ExternalRequest } from './fixtures/index.js';
import { asArray, text } from '../metadata/xml.js';
import { runSoql } from '../store/soql/query.js';
import type { Store } from '../store/store.js';
import { CredentialFormulaError, evaluateHeaderValue, hasFormula } from './credential-formulas.js';
import { getPrincipalCredential, getPrincipalParameters, updatePrincipalTokens } from './credentials.js';

/** Sends one request to this org's own API in-process (the server's router) and answers what it wrote. */
export type OrgTransport = (
  method: string,
  url: URL,
  headers: ReadonlyMap<string, string>,
  body: string
) => CalloutResponse;

/** What the callout host needs from the org: its data, its URL (known once listening) and the transport. */
export interface CalloutOrg {
  readonly store: Store;
  instanceUrl(): string;
  readonly transport: OrgTransport;
  /** Answers callouts to hosts other than this org (registered external-endpoint fixtures). */
  readonly fixtures?: ExternalFixtures;
  /** Answers them instead of `fixtures` (an Apex worker asks the HTTP thread, which holds the fixtures). */
  readonly external?: (req: ExternalRequest) => CalloutResponse;
}

/** Who may use which principal: `<ExternalCredential>-<Principal>` names granted by the user's permission sets. */
function principalAccesses(store: Store, userId: string): Set<string> {
  const names = runSoql(store, 'SELECT PermissionSet.Name FROM PermissionSetAssignment WHERE AssigneeId = :u', {
    binds: { u: userId }
  }).records.map((r) => String((r.PermissionSet as Record<string, unknown> | null)?.Name ?? ''));
  const out = new Set<string>();
  for (const n of names) {
    const ps = getMetadata(store, 'PermissionSet', n)?.content as Record<string, unknown> | undefined;
    for (const a of asArray(ps?.externalCredentialPrincipalAccesses as Record<string, unknown>[] | undefined))
      if (text(a.enabled) !== 'false') out.add(String(text(a.externalCredentialPrincipal) ?? '').toLowerCase());
  }
  return out;
}

/** A custom header of the Named or External Credential, its value possibly a formula. */
interface CustomHeader {
  name: string;
  value: string;
  sequence: number;
  /** Where it is defined, for error messages. */
  where: string;
}

interface Resolved {
  url: string;
  credential: { externalCredential: string; principal: string; protocol: string } | null;
  /** Whether the Named Credential's OAuth principal adds `Authorization: Bearer …`. */
  generateAuthorizationHeader: boolean;
  /** The credentials' custom headers, in sequence order (External Credential's first). */
  customHeaders: CustomHeader[];
  /** Allow Merge Fields in HTTP Header: formulas in the headers Apex sets are evaluated. */
  allowMergeFieldsInHeader: boolean;
}

function noCredentialAccess(ec: string): CalloutFailure {
  // Wording as orgs report it (quoted in public troubleshooting pages, e.g. docs.enosix.io).
  return new CalloutFailure(
    `We couldn't access the credential(s). You might not have the required permissions, or the external credential "${ec}" might not exist.`
  );
}

/**
 * Custom headers of a credential's parameters of one type (`AuthHeader` on an External Credential,
 * `HttpHeader` on a Named Credential), ordered by sequence number.
 */
function headersOf(params: Record<string, unknown>[], type: string, owner: string): CustomHeader[] {
  return params
    .filter((p) => text(p.parameterType) === type)
    .map((p) => ({
      name: String(text(p.parameterName) ?? ''),
      value: String(text(p.parameterValue) ?? ''),
      sequence: Number(text(p.sequenceNumber) ?? 0),
      where: `the custom header ${String(text(p.parameterName))} of ${owner}`
    }))
    .sort((a, b) => a.sequence - b.sequence);
}

function resolveEndpoint(store: Store, endpoint: string, userId: string): Resolved {
  const none = { generateAuthorizationHeader: false, customHeaders: [], allowMergeFieldsInHeader: false };
  if (!/^callout:/i.test(endpoint)) return { url: endpoint, credential: null, ...none };
  const m = /^callout:([^/?#]+)(.*)$/i.exec(endpoint);
  const name = m?.[1] ?? '';
  const nc = getMetadata(store, 'NamedCredential', name)?.content as Record<string, unknown> | undefined;
  // Unverified wording for a missing Named Credential.
  if (!nc) throw new CalloutFailure(`Unable to find a Named Credential named ${name} for the endpoint ${endpoint}`);
  const params = asArray(nc.namedCredentialParameters as Record<string, unknown>[] | undefined);
  const base = text(params.find((p) => text(p.parameterType) === 'Url')?.parameterValue) ?? text(nc.endpoint);
  if (!base) throw new CalloutFailure(`The Named Credential ${name} has no URL`);
  // The URL is used as it is: merge fields are evaluated in headers (and bodies), never in the endpoint.
  const url = base.replace(/\/+$/, '') + (m?.[2] ?? '');
  const ncHeaders = headersOf(params, 'HttpHeader', `Named Credential ${name}`);
  const allowMergeFieldsInHeader = text(nc.allowMergeFieldsInHeader) === 'true';
  const generateAuthorizationHeader = text(nc.generateAuthorizationHeader) !== 'false';
  const ecName = text(params.find((p) => text(p.parameterType) === 'Authentication')?.externalCredential);
  if (!ecName)
    return { url, credential: null, generateAuthorizationHeader, customHeaders: ncHeaders, allowMergeFieldsInHeader };
  const ec = getMetadata(store, 'ExternalCredential', ecName)?.content as Record<string, unknown> | undefined;
  if (!ec) throw noCredentialAccess(ecName);
  const ecParams = asArray(ec.externalCredentialParameters as Record<string, unknown>[] | undefined);
  const access = principalAccesses(store, userId);
  const principal = ecParams
    .filter((p) => text(p.parameterType) === 'NamedPrincipal')
    .map((p) => String(text(p.parameterName)))
    .find((p) => access.has(`${ecName}-${p}`.toLowerCase()));
  if (!principal) throw noCredentialAccess(ecName);
  return {
    url,
    credential: { externalCredential: ecName, principal, protocol: text(ec.authenticationProtocol) ?? '' },
    generateAuthorizationHeader,
    customHeaders: [...headersOf(ecParams, 'AuthHeader', `External Credential ${ecName}`), ...ncHeaders],
    allowMergeFieldsInHeader
  };
}

/**
 * Sets the credentials' custom headers (formulas evaluated with the principal's authentication
 * parameters) and, with Allow Merge Fields in HTTP Header, evaluates formulas in the headers Apex set.
 */
function applyCustomHeaders(store: Store, resolved: Resolved, headers: Map<string, string>): void {
  const cred = resolved.credential;
  const params = cred ? getPrincipalParameters(store, cred.externalCredential, cred.principal) : [];
  const lookup = (ec: string, parameter: string): string | undefined =>
    cred && ec.toLowerCase() === cred.externalCredential.toLowerCase()
      ? params.find((p) => p.name.toLowerCase() === parameter.toLowerCase())?.value
      : undefined;
  const evaluate = (value: string, where: string): string => {
    try {
      return evaluateHeaderValue(value, where, lookup);
    } catch (e) {
      if (e instanceof CredentialFormulaError) throw new CalloutFailure(e.message);
      throw e;
    }
  };
  if (resolved.allowMergeFieldsInHeader)
    for (const [k, v] of headers) if (hasFormula(v)) headers.set(k, evaluate(v, `the header ${k}`));
  for (const h of resolved.customHeaders) {
    for (const k of [...headers.keys()]) if (k.toLowerCase() === h.name.toLowerCase()) headers.delete(k);
    headers.set(h.name, evaluate(h.value, h.where));
  }
}

/** True when an active deployed Remote Site Setting's URL covers the endpoint (same scheme, host and port). */
function remoteSiteCovers(store: Store, u: URL): boolean {
  return listMetadata(store, 'RemoteSiteSetting').some((c) => {
    const content = c.content as Record<string, unknown> | undefined;
    if (text(content?.isActive) === 'false') return false;
    try {
      const site = new URL(String(text(content?.url) ?? ''));
      return site.origin.toLowerCase() === u.origin.toLowerCase();
    } catch {
      return false;
    }
  });
}

/** The callout host, with a count of the callouts it has made (retries included; token refreshes not). */
export type CountingCalloutHost = CalloutHost & { readonly stats: { callouts: number } };

export function createCalloutHost(org: CalloutOrg): CountingCalloutHost {
  const stats = { callouts: 0 };
  const own = (u: URL): boolean => {
    const me = new URL(org.instanceUrl());
    return u.host === me.host || (u.port === me.port && ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname));
  };
  const sendOnce = (
    method: string,
    url: string,
    headers: Map<string, string>,
    body: string,
    external?: { direct: boolean; timeoutMs: number }
  ): CalloutResponse => {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      throw new CalloutFailure(`Invalid endpoint URL: ${url}`);
    }
    if (!own(u))
      return (org.external ?? ((r: ExternalRequest) => answerExternal(org.fixtures!, r)))({
        method,
        url: u,
        headers,
        body,
        timeoutMs: external?.timeoutMs ?? 10_000,
        remoteSiteAllowed: !external?.direct || remoteSiteCovers(org.store, u),
        at: org.store.clock.now().toISOString()
      });
    // The org processes the request in a transaction of its own: what it commits survives a rollback of
    // the calling Apex transaction, as in an org.
    if (!org.store.canRunIndependently())
      throw new CalloutFailure(
        `not supported by the local runtime: a callout to this org's own API (${u.pathname}) from a transaction that has already written records (the request could not run in a transaction of its own)`
      );
    return org.store.independently(() => org.transport(method, u, headers, body));
  };
  return {
    stats,
    orgDomainUrl: () => org.instanceUrl(),
    send(req) {
      stats.callouts += 1;
      const resolved = resolveEndpoint(org.store, req.endpoint, org.store.userId);
      const { url, credential } = resolved;
      const headers = new Map(req.headers);
      const external = { direct: !/^callout:/i.test(req.endpoint), timeoutMs: req.timeoutMs };
      applyCustomHeaders(org.store, resolved, headers);
      if (!credential || credential.protocol !== 'Oauth' || !resolved.generateAuthorizationHeader) {
        if (credential && !['Oauth', 'Custom'].includes(credential.protocol))
          throw new CalloutFailure(
            `not supported by the local runtime: the ${credential.protocol} authentication protocol of External Credential ${credential.externalCredential}`
          );
        return sendOnce(req.method, url, headers, req.body, external);
      }
      const stored = getPrincipalCredential(org.store, credential.externalCredential, credential.principal);
      if (!stored) throw noCredentialAccess(credential.externalCredential);
      headers.set('Authorization', `Bearer ${stored.accessToken}`);
      const first = sendOnce(req.method, url, headers, req.body, external);
      if (first.status !== 401 || !stored.refreshToken) return first;
      // A 401 makes the named credential refresh the principal's token and retry once.
      const form = new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: stored.refreshToken,
        client_id: stored.clientId,
        client_secret: stored.clientSecret
      }).toString();
      const refreshed = sendOnce(
        'POST',
        stored.tokenUrl,
        new Map([['Content-Type', 'application/x-www-form-urlencoded']]),
        form
      );
      let token: { access_token?: string; refresh_token?: string } = {};
      try {
        token = JSON.parse(refreshed.body) as typeof token;
      } catch {
        token = {};
      }
      if (refreshed.status !== 200 || !token.access_token) return first;
      // The refreshed token is saved by the platform, not by the calling Apex transaction.
      const refreshedToken = token.access_token;
      org.store.independently(() =>
        updatePrincipalTokens(
          org.store,
          credential.externalCredential,
          credential.principal,
          refreshedToken,
          token.refresh_token
        )
      );
      headers.set('Authorization', `Bearer ${token.access_token}`);
      stats.callouts += 1;
      const retried = sendOnce(req.method, url, headers, req.body, external);
      // The caller waited for all three requests.
      return { ...retried, elapsedMs: (first.elapsedMs ?? 0) + (refreshed.elapsedMs ?? 0) + (retried.elapsedMs ?? 0) };
    }
  };
}
